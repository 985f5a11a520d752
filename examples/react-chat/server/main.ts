import { startChatServer } from './chat-server'
import { storeFromEnv } from './store-from-env'

/*
 * `npm start`: serves the built chat. Environment: PORT (default 3000, 0 = any free port),
 * HOST (default 127.0.0.1), CHAT_STORE=postgres + DATABASE_URL, CHAT_SNAPSHOT_EVERY (default 50).
 */
const env = process.env
const store = await storeFromEnv(env)
const server = await startChatServer({
  store,
  port: env.PORT === undefined ? 3000 : Number(env.PORT),
  host: env.HOST,
  snapshotEvery: env.CHAT_SNAPSHOT_EVERY ? Number(env.CHAT_SNAPSHOT_EVERY) : undefined,
})
console.log(`Reality Chat is running at ${server.url}  (store: ${store.kind}, sync: ${server.url}/reality/sync)`)

const stop = async (): Promise<void> => {
  await server.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
