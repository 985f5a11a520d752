import { createFetchHandler } from '@rootlodge/reality-server'
import type { BunGlobal } from './bun-global'
import { server } from './reality'

declare const Bun: BunGlobal

// --- server README (003), "Fetch API (Bun, Deno, Workers)"; only the listen address was added ---
const handler = createFetchHandler(server)

// Bun
export const readme = Bun.serve({
  port: 0,
  hostname: '127.0.0.1',
  fetch(req) {
    if (new URL(req.url).pathname === '/reality/sync') {
      return handler(req)
    }
    return new Response('Not Found', { status: 404 })
  },
})
