#!/usr/bin/env node
/**
 * @module
 * `npm run bench:stream`: delivering an update stream. N clients follow one ~10 KB payload that changes every
 * 10 s, for 5 simulated minutes, over six systems in turn, each against a fresh server process:
 *
 *   reality          the real client with visible-tab freshness (default bounds 1–10 s, backoff 2)
 *   reality-polling  the real client in polling-compat mode, every --interval
 *   polling          naive polling of the payload every --interval
 *   etag             ETag polling every --interval (304 when unchanged)
 *   sse              SSE push (heartbeat comment every 15 s)
 *   websocket        WebSocket push (`ws`)
 *
 * --interval defaults to Reality's longest freshness interval (10 s): every system then bounds the delay by the
 * same 10 s. Requests and bytes (headers and bodies, both directions) are counted on the server's sockets; time
 * is simulated (support/virtual-clock.mjs), requests take real time and no simulated time. Method and caveats:
 * docs/BENCHMARKS.md.
 *
 * Options: --clients 500 --minutes 5 --change-every 10 --interval 10 --quantum 100
 *          --systems reality,reality-polling,polling,etag,sse,websocket --no-pin
 */
import { option } from './support/args.mjs'
import { PIN } from './support/processes.mjs'
import { startResults } from './support/results.mjs'
import { printStreamRow } from './support/stream-report.mjs'
import { runScenario } from './support/stream-run.mjs'

const LABELS = {
  reality: 'Reality, visible-tab freshness',
  'reality-polling': 'Reality, polling-compat',
  polling: 'naive polling',
  etag: 'ETag polling',
  sse: 'SSE push',
  websocket: 'WebSocket push',
}
const clients = Number(option('clients', 500))
const minutes = Number(option('minutes', 5))
const changeEvery = Number(option('change-every', 10)) * 1000
const interval = Number(option('interval', 10)) * 1000
const quantum = Number(option('quantum', 100))
const systems = option('systems', Object.keys(LABELS).join(',')).split(',')

console.log(
  `bench:stream  Node ${process.version}; ${clients} clients, a payload changing every ${changeEvery / 1000} s, ` +
    `${minutes} simulated minutes, polling every ${interval / 1000} s; ` +
    (PIN ? 'server on CPU 1, clients on CPU 0' : 'no CPU pinning') +
    '\n',
)
const options = { clients, minutes, changeEvery, interval, quantum, pinned: PIN }
const record = startResults('stream', options)
const rows = []
for (const system of systems) {
  const row = await runScenario({
    system,
    clients,
    minutes,
    changeEvery,
    quantum,
    interval,
    freshness: true,
    drain: 2 * Math.max(interval, 10_000),
  })
  row.label = LABELS[system]
  rows.push(row)
  printStreamRow(row)
}
record.save({
  method:
    'one ~10 KB payload changing every changeEvery ms, simulated time; requests and bytes (headers and bodies, both ' +
    'directions) counted on the server sockets over the simulated window; delay = simulated time from a change to ' +
    'the client holding it (requests take no simulated time; push transfer is given in real ms)',
  rows,
})
