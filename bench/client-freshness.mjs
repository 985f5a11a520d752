#!/usr/bin/env node
/**
 * @module
 * `npm run bench:freshness`: how late a passive viewer sees a change with visible-tab freshness, and what it costs.
 *
 * A real RealityServer (built `reality-server`, memory storage, node:http) serves `/reality/sync` and a tiny
 * messages API on one loopback port. A writer posts messages at random gaps and invalidates the key; a passive
 * client (no focus, no interaction: only the freshness timer) subscribes to it with a fetcher that GETs the API.
 * For each message, latency = time it appears in the client's data − time it was written (sync + payload fetch
 * included). Then the client is left idle and its sync requests per minute are counted.
 *
 * Options: --messages 40 --min 500 --max 1000 --backoff 2 --gap-min 300 --gap-max 3000 --idle 60
 * (`--min`/`--max` are the freshness bounds; `--idle` seconds of idle measurement, 0 to skip).
 */
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { percentile, sleep } from '@reality-internal/test-utils'

const dist = (path) => fileURLToPath(new URL(`../packages/${path}`, import.meta.url))
const { createRealityClient } = await import(dist('reality/dist/index.js'))
const { createNodeHandler, createRealityServer, MemoryStorage } = await import(dist('reality-server/dist/index.js'))

const option = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`)
  return at === -1 ? fallback : Number(process.argv[at + 1])
}
const MESSAGES = option('messages', 40)
const BOUNDS = { minInterval: option('min', 500), maxInterval: option('max', 1000), backoff: option('backoff', 2) }
const GAP = [option('gap-min', 300), option('gap-max', 3000)]
const IDLE_SECONDS = option('idle', 60)
const KEY = 'chat:room:bench'

// SERVER: Reality sync + the application's messages API on one port.
const reality = createRealityServer({ serverId: 'bench' }, new MemoryStorage())
const sync = createNodeHandler(reality)
const messages = []
let syncRequests = 0
const http = createServer((req, res) => {
  if (req.url === '/api/messages') {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(messages))
    return
  }
  if (req.url?.startsWith('/reality/sync')) syncRequests++
  sync(req, res)
})
await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve))
const base = `http://127.0.0.1:${http.address().port}`

// PASSIVE VIEWER: Node has no window, so focus/visibility/online stay at their defaults (visible, online) and
// no interaction ever happens: only freshness syncs.
const seenAt = new Map()
const client = createRealityClient({ servers: [base], freshness: BOUNDS })
client.subscribe(
  KEY,
  (state) => {
    const now = performance.now()
    for (const m of state.data ?? []) if (!seenAt.has(m.id)) seenAt.set(m.id, now)
  },
  { fallback: [], fetcher: async () => (await fetch(`${base}/api/messages`)).json() },
)
await client.syncKeys([KEY])

// WRITER
const latencies = []
for (let id = 1; id <= MESSAGES; id++) {
  await sleep(GAP[0] + Math.random() * (GAP[1] - GAP[0]))
  const writtenAt = performance.now()
  messages.push({ id, text: `message ${id}` })
  await reality.invalidate(KEY)
  while (!seenAt.has(id)) await sleep(5)
  latencies.push(seenAt.get(id) - writtenAt)
}
const ms = (value) => `${value.toFixed(0)} ms`
console.log(
  `freshness ${JSON.stringify(BOUNDS)}, ${MESSAGES} messages, gaps ${GAP[0]}–${GAP[1]} ms: ` +
    `p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}, max ${ms(percentile(latencies, 100))}`,
)

// IDLE COST: let the cadence reach its slowest interval, then count a window of nothing happening.
if (IDLE_SECONDS > 0) {
  await sleep(BOUNDS.maxInterval * 2 + 500)
  const before = syncRequests
  await sleep(IDLE_SECONDS * 1000)
  const perMinute = ((syncRequests - before) * 60) / IDLE_SECONDS
  console.log(`idle: ${syncRequests - before} sync requests in ${IDLE_SECONDS} s = ${perMinute.toFixed(1)} per minute`)
}

client.destroy()
http.closeAllConnections()
http.close()
