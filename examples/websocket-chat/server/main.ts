import { chatOptionsFromEnv } from '@reality-examples/chat-shared/server'
import { startWsChatServer } from './ws-chat-server'

/* `npm start -w @reality-examples/websocket-chat`: PORT (default 3001, 0 = any free port), HOST, CHAT_* settings. */
const server = await startWsChatServer({
  ...chatOptionsFromEnv(process.env),
  port: process.env.PORT === undefined ? 3001 : Number(process.env.PORT),
  host: process.env.HOST,
})
console.log(`WebSocket chat (baseline) is running at ${server.url}  (socket: ${server.url.replace('http', 'ws')}/ws)`)
const stop = async (): Promise<void> => {
  await server.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
