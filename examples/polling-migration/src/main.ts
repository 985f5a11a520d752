import { fileURLToPath } from 'node:url'
import { startDemoServer } from './demo-server'

/* `npm run example:polling`: both apps on one page, a scripted change every 10 s. PORT (default 3460), HOST. */
const server = await startDemoServer({
  port: process.env.PORT === undefined ? 3460 : Number(process.env.PORT),
  host: process.env.HOST,
  changeEvery: 10_000,
  assets: fileURLToPath(new URL('.', import.meta.url)),
})
console.log(`Polling → Reality: open ${server.url} (old app left, migrated app right; Ctrl+C to stop)`)
const stop = async (): Promise<void> => {
  await server.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
