/*
 * Starts the example's backend for a real device or emulator: `npm run server` (PORT, default 3456; HOST, default
 * 0.0.0.0 so a phone on the same network can reach it).
 */
import { createChatBackend, listen } from './chat-server'

const main = async (): Promise<void> => {
  const backend = createChatBackend()
  const running = await listen(backend.listener, {
    port: Number(process.env.PORT ?? 3456),
    host: process.env.HOST ?? '0.0.0.0',
  })
  await backend.post('general', { author: 'Reality', text: 'Welcome! Messages arrive without a socket.' })
  console.log(`chat backend on ${running.url} (Reality at /reality/sync, messages at /api/rooms/:room/messages)`)
  console.log('Android emulator: http://10.0.2.2:<port>; iOS simulator: http://localhost:<port>; a phone: your LAN IP')
  const stop = () => void running.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
