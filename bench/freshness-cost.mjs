#!/usr/bin/env node
/**
 * @module
 * `npm run bench:freshness-cost`: freshness against cost. The update stream of bench/stream.mjs (one ~10 KB
 * payload changing every 10 s) with fewer clients, for a range of settings: Reality's visible-tab freshness at
 * several bounds, naive and ETag polling at several intervals, and SSE and WebSocket push. Each point is the p95
 * delay from a change to the client holding it, against requests and bytes per client per minute.
 *
 * Options: --clients 100 --minutes 3 --change-every 10 --intervals 2,5,10,30
 *          --freshness 500/5000,1000/10000,2000/20000,5000/60000 (minInterval/maxInterval in ms, backoff 2)
 *          --quantum 100 --no-pin
 */
import { option } from './support/args.mjs'
import { PIN } from './support/processes.mjs'
import { startResults } from './support/results.mjs'
import { printStreamRow } from './support/stream-report.mjs'
import { runScenario } from './support/stream-run.mjs'

const clients = Number(option('clients', 100))
const minutes = Number(option('minutes', 3))
const changeEvery = Number(option('change-every', 10)) * 1000
const quantum = Number(option('quantum', 100))
const intervals = option('intervals', '2,5,10,30')
  .split(',')
  .map((value) => Number(value) * 1000)
const bounds = option('freshness', '500/5000,1000/10000,2000/20000,5000/60000')
  .split(',')
  .map((pair) => pair.split('/').map(Number))

const points = [
  ...bounds.map(([minInterval, maxInterval]) => ({
    series: 'Reality freshness',
    setting: `${minInterval / 1000}–${maxInterval / 1000} s`,
    scenario: { system: 'reality', freshness: { minInterval, maxInterval, backoff: 2 }, drain: 2 * maxInterval },
  })),
  ...['polling', 'etag'].flatMap((system) =>
    intervals.map((interval) => ({
      series: system === 'polling' ? 'naive polling' : 'ETag polling',
      setting: `every ${interval / 1000} s`,
      scenario: { system, interval, drain: 2 * interval },
    })),
  ),
  { series: 'SSE push', setting: 'heartbeat 15 s', scenario: { system: 'sse', drain: 1000 } },
  { series: 'WebSocket push', setting: 'ws defaults', scenario: { system: 'websocket', drain: 1000 } },
]

console.log(
  `bench:freshness-cost  Node ${process.version}; ${clients} clients, a payload changing every ${changeEvery / 1000} s, ` +
    `${minutes} simulated minutes; ${PIN ? 'server on CPU 1, clients on CPU 0' : 'no CPU pinning'}\n`,
)
const record = startResults('freshness-cost', {
  clients,
  minutes,
  changeEvery,
  quantum,
  intervals,
  freshness: bounds,
  pinned: PIN,
})
const rows = []
for (const point of points) {
  const row = await runScenario({ clients, minutes, changeEvery, quantum, ...point.scenario })
  Object.assign(row, { series: point.series, setting: point.setting, label: `${point.series}, ${point.setting}` })
  rows.push(row)
  printStreamRow(row)
}
record.save({
  method:
    'the update stream of bench/stream.mjs at several freshness settings and polling intervals; p95 delay against ' +
    'requests and bytes per client per minute',
  rows,
})
