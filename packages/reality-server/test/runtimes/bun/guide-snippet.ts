import type { BunGlobal } from './bun-global'
import { server } from './reality'

declare const Bun: BunGlobal

// --- API guide (001), "Fetch Handler (Recommended)"; only `port: 3000` became 0 on 127.0.0.1 ---
// Get a Fetch-compatible handler
const handler = server.getFetchHandler('/reality')

// With Bun
export const guide = Bun.serve({
  port: 0,
  hostname: '127.0.0.1',
  fetch(request) {
    const url = new URL(request.url)
    if (url.pathname.startsWith('/reality')) {
      return handler(request)
    }
    return new Response('Not Found', { status: 404 })
  },
})
