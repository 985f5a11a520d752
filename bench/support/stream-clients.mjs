#!/usr/bin/env node
/**
 * The clients of bench/stream.mjs and bench/freshness-cost.mjs, run in one child process on simulated time
 * (support/virtual-clock.mjs): BENCH_CONFIG names the system, the server (support/stream-server.mjs) and the
 * scenario. Prints one JSON line: requests and bytes counted on the server's sockets up to the end of the
 * simulated window, the server's CPU time, and each change's delay until each client held it.
 *
 *   reality          the real client (`createRealityClient` from the built package) with visible-tab freshness,
 *                    its timers on the simulated clock; the fetcher GETs /api/payload when the hash changed
 *   reality-polling  the same client in `mode: 'polling-compat'` with `pollInterval`
 *   polling          GET /api/payload every `interval`        etag  the same with If-None-Match (304 when unchanged)
 *   sse              one EventSource-style GET /events per client, held open; a heartbeat comment every 15 s
 *   websocket        one `ws` socket per client, held open
 *
 * Each client starts at a random moment of the first change period, the first change comes at `changeEvery`.
 */
import { request } from 'node:http'
import { fileURLToPath } from 'node:url'
import { percentile } from '@reality-internal/test-utils'
import { WebSocket } from 'ws'
import { cpuSeconds } from './proc.mjs'
import { ready } from './processes.mjs'
import { VirtualClock } from './virtual-clock.mjs'

const { createRealityClient } = await import(
  fileURLToPath(new URL('../../packages/reality/dist/index.js', import.meta.url))
)
const KEY = 'stream:payload'
const SSE_HEARTBEAT_MS = 15_000
const config = JSON.parse(process.env.BENCH_CONFIG)
const { system, base, control, serverPid, clients: count, changeEvery, quantum } = config
const duration = config.minutes * 60_000
const clock = new VirtualClock()
const at = (ms) => clock.start + ms
const end = at(duration)

// DELIVERY: a change is delivered to a client once it holds that version or a newer one.

const changedAt = new Map()
const changedAtReal = new Map()
const delays = []
const realDelays = []
let received = 0
let waiting
const holders = new Map()

const deliver = (client, version) => {
  if (version <= client.held) return
  const now = clock.now()
  for (let v = client.held + 1; v <= version; v++) {
    if (changedAt.has(v)) delays.push(now - changedAt.get(v))
    if (changedAtReal.has(v)) realDelays.push(performance.now() - changedAtReal.get(v))
    holders.set(v, (holders.get(v) ?? 0) + 1)
  }
  if (now <= end) received++
  client.held = version
  if (waiting && (holders.get(waiting.version) ?? 0) >= count) waiting.resolve()
}

// CLIENTS

/** `fetch` whose requests simulated time waits for; the body is read before the caller sees the response. */
const trackedFetch = (input, init) =>
  clock.track(
    (async () => {
      const response = await fetch(input, init)
      const bytes = await response.arrayBuffer()
      return new Response(response.status === 304 ? null : bytes, {
        status: response.status,
        headers: response.headers,
      })
    })(),
  )

const payload = async () => (await trackedFetch(`${base}/api/payload`)).json()

const starters = {
  reality(client) {
    const reality = createRealityClient({
      servers: [base],
      ...(system === 'reality-polling'
        ? { mode: 'polling-compat', pollInterval: config.interval }
        : { freshness: config.freshness }),
      managers: { timers: clock },
      fetch: trackedFetch,
    })
    reality.subscribe(KEY, (state) => state.data && deliver(client, state.data.version), { fetcher: payload })
  },
  polling(client) {
    const path = system === 'etag' ? '/api/payload-etag' : '/api/payload'
    const poll = async () => {
      const headers = client.etag ? { 'if-none-match': client.etag } : {}
      const response = await trackedFetch(`${base}${path}`, { headers })
      if (response.status === 304) return
      client.etag = response.headers.get('etag') ?? undefined
      deliver(client, (await response.json()).version)
    }
    const tick = () => {
      poll().catch((error) => console.error(error.message))
      clock.setTimeout(tick, config.interval)
    }
    tick()
  },
  sse(client) {
    const opened = new Promise((resolve, reject) => {
      const req = request(`${base}/events`, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
        let buffer = ''
        res.setEncoding('utf8').on('data', (chunk) => {
          buffer += chunk
          const events = buffer.split('\n\n')
          buffer = events.pop()
          for (const event of events)
            if (event.startsWith('data: ')) {
              deliver(client, JSON.parse(event.slice(6)).version)
              resolve()
            }
        })
      })
      req.on('error', reject)
      req.end()
    })
    clock.track(opened)
  },
  websocket(client) {
    const socket = new WebSocket(base.replace('http', 'ws'))
    clock.track(
      new Promise((resolve, reject) => {
        socket.on('message', (data) => {
          deliver(client, JSON.parse(data.toString()).version)
          resolve()
        })
        socket.once('error', reject)
      }),
    )
  },
}
starters['reality-polling'] = starters.reality
starters.etag = starters.polling
const push = system === 'sse' || system === 'websocket'

const post = (port, path) =>
  new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST' }, (res) => {
      let text = ''
      res.setEncoding('utf8').on('data', (chunk) => {
        text += chunk
      })
      res.on('end', () => resolve(text))
    })
    req.on('error', reject)
    req.end()
  })
const stats = async () => JSON.parse(await (await fetch(`http://127.0.0.1:${control}/stats`)).text())

/** The next version; with push, simulated time waits until every client holds it (push takes no simulated time). */
const change = async () => {
  const next = Math.max(...changedAt.keys(), 1) + 1
  changedAt.set(next, clock.now())
  changedAtReal.set(next, performance.now())
  if (push) {
    const all = new Promise((resolve) => {
      waiting = { version: next, resolve }
    })
    await post(control, '/change')
    if ((holders.get(next) ?? 0) < count) await all
  } else await post(control, '/change')
}

// SCENARIO

const list = Array.from({ length: count }, () => ({ held: 0 }))
for (const client of list) clock.setTimeout(() => starters[system](client), Math.random() * changeEvery)
for (let t = changeEvery; t < duration; t += changeEvery) clock.setTimeout(() => clock.track(change()), t)
if (system === 'sse')
  for (let t = SSE_HEARTBEAT_MS; t < duration; t += SSE_HEARTBEAT_MS)
    clock.setTimeout(() => clock.track(post(control, '/heartbeat')), t)
let measured
clock.setTimeout(() => {
  clock.track(
    stats().then((figures) => {
      measured = { ...figures, cpu: cpuSeconds(serverPid) - cpuAtStart }
    }),
  )
}, duration)

const cpuAtStart = cpuSeconds(serverPid)
const realStart = performance.now()
await clock.run(end, quantum)
const realSeconds = (performance.now() - realStart) / 1000
// Keep going until the last change reached every client (the cadence may hold it past the window).
const last = Math.max(...changedAt.keys())
const drainUntil = end + config.drain
while ((holders.get(last) ?? 0) < count && clock.now() < drainUntil) await clock.run(clock.now() + 1_000, quantum)

const minutes = config.minutes
const bytes = measured.read + measured.written
ready({
  system,
  clients: count,
  minutes,
  changes: changedAt.size,
  realSeconds,
  requests: measured.requests,
  pushes: measured.pushes,
  bytesIn: measured.read,
  bytesOut: measured.written,
  bytes,
  payloadBytes: measured.payloadBytes,
  serverCpuSeconds: measured.cpu,
  requestsPerClientMinute: measured.requests / count / minutes,
  bytesPerClientMinute: bytes / count / minutes,
  updatesReceived: received,
  bytesPerUpdate: bytes / received,
  delivered: delays.length,
  expected: changedAt.size * count,
  p50DelayMs: percentile(delays, 50),
  p95DelayMs: percentile(delays, 95),
  maxDelayMs: Math.max(...delays),
  ...(push ? { p50TransferMs: percentile(realDelays, 50), p95TransferMs: percentile(realDelays, 95) } : {}),
})
process.exit(0)
