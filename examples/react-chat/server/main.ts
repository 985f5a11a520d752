import { chatOptionsFromEnv } from '@reality-examples/chat-shared/server'
import { startChatServer } from './chat-server'
import { storeFromEnv } from './store-from-env'

/*
 * `npm start`: serves the built chat. Environment: PORT (default 3000, 0 = any free port),
 * HOST (default 127.0.0.1), CHAT_STORE=postgres + DATABASE_URL (see store-from-env.ts), and the
 * chat settings of chatOptionsFromEnv (CHAT_SNAPSHOT_EVERY, CHAT_WINDOW, CHAT_RATE_LIMIT, …).
 */
const env = process.env
const store = await storeFromEnv(env)
const server = await startChatServer({
  ...chatOptionsFromEnv(env),
  store,
  port: env.PORT === undefined ? 3000 : Number(env.PORT),
  host: env.HOST,
})
console.log(`Reality Chat is running at ${server.url}  (store: ${store.kind}, sync: ${server.url}/reality/sync)`)

const stop = async (): Promise<void> => {
  await server.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
