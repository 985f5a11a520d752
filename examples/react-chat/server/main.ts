import { chatOptionsFromEnv } from '@reality-examples/chat-shared/server'
import { startChatServer } from './chat-server'
import { storeFromEnv } from './store-from-env'
import { NO_WRITE_LIMITS } from './write-limits'

/*
 * `npm start`: serves the built chat. Environment: PORT (default 3000, 0 = any free port),
 * HOST (default 127.0.0.1), CHAT_STORE=postgres + DATABASE_URL (see store-from-env.ts),
 * CHAT_SESSION_SECRET (signs the session cookies; default random per process, so a restart signs
 * everyone out), and the chat settings of chatOptionsFromEnv (CHAT_SNAPSHOT_EVERY, CHAT_WINDOW,
 * CHAT_RATE_LIMIT, …). CHAT_RATE_LIMIT=off also lifts the per-session and per-IP write limits
 * and the cap of open connections per address (benchmarks from one machine); never in production.
 */
const env = process.env
const store = await storeFromEnv(env)
const server = await startChatServer({
  ...chatOptionsFromEnv(env),
  store,
  sessionSecret: env.CHAT_SESSION_SECRET || undefined,
  writeLimits: env.CHAT_RATE_LIMIT === 'off' ? NO_WRITE_LIMITS : undefined,
  maxConnectionsPerIp: env.CHAT_RATE_LIMIT === 'off' ? 0 : undefined,
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
