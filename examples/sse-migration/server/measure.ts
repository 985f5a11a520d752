import { parseArgs } from 'node:util'
import { startDemo } from './demo'
import { newClient, oldClient, type TickerClient } from './ticker-clients'
import { MINUTE_OFFSETS } from './ticker-script'
import type { Traffic } from './traffic-meter'

/*
 * `npm run example:sse:measure [-- --clients 20 --seconds 60]`: N headless clients of each app on the same scripted
 * ticker for a fixed time, then what each app cost per client per minute, counted on its server's sockets.
 */
const { values } = parseArgs({
  options: { clients: { type: 'string', default: '20' }, seconds: { type: 'string', default: '60' } },
})
const clients = Number(values.clients)
const seconds = Number(values.seconds)
if (!(clients >= 1 && seconds >= 1)) throw new RangeError('--clients and --seconds must be at least 1')

const demo = await startDemo()
const started = performance.now()
const old: TickerClient[] = Array.from({ length: clients }, () => oldClient(demo.old.origin))
const fresh: TickerClient[] = Array.from({ length: clients }, () => newClient(demo.new.origin))
console.log(
  `${clients} clients of each app, ${seconds} s of the scripted ticker (${MINUTE_OFFSETS.length} updates a minute)…`,
)
// Every client shows the opening board before the script starts, so all of them are sent the same updates.
const opened = (): boolean => [...old, ...fresh].every((client) => client.quotes.length >= demo.board.all().length)
while (!opened()) await new Promise((resolve) => setTimeout(resolve, 50))
demo.play()
await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
const before = demo.old.traffic()
const after = demo.new.traffic()
const elapsed = performance.now() - started
const played = demo.board.all().reduce((max, quote) => Math.max(max, quote.seq), 0)
for (const client of [...old, ...fresh]) client.close()
await demo.stop()

// Per minute of the whole run, from the clients' first request to the end of the script.
const perClientMinute = (value: number): number => (value / clients) * (60_000 / elapsed)
const received = (group: TickerClient[]): string => {
  const counts = group.map((client) => client.quotes.filter((quote) => quote.seq > 0).length)
  return `${Math.min(...counts)}–${Math.max(...counts)} of ${played}`
}
const format = (value: number, digits = 0): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
const rows: [string, (t: Traffic) => string][] = [
  ['requests', (t) => format(perClientMinute(t.requests), 1)],
  ['bytes (both directions)', (t) => format(perClientMinute(t.bytes))],
  ['payload fetches', (t) => format(perClientMinute(t.payloads), 1)],
  ['connection time held (s)', (t) => format(perClientMinute(t.openMs) / 1000, 1)],
  ['longest response open (s)', (t) => format(t.longestMs / 1000, 2)],
]
console.log(`\n| per client per minute | old: EventSource, held stream | new: RealityEventSource |`)
console.log('| --- | ---: | ---: |')
for (const [label, cell] of rows) console.log(`| ${label} | ${cell(before)} | ${cell(after)} |`)
console.log(`| updates received by a client (min–max) | ${received(old)} | ${received(fresh)} |`)
console.log(`\n(${format(elapsed / 1000, 1)} s from the first request to the end, scaled to one minute)`)
