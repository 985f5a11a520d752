import { readFile, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { startNewClient, startOldClient } from './clients'
import { type AppName, startDemoServer } from './demo-server'
import { boardAt } from './feed'

/*
 * `npm run example:polling:measure`: one old and one migrated client, headless, against the demo server, under the
 * scripted stream (a poll every 2 s, a change every 10 s) for one minute. Prints requests, bytes and payload fetches
 * per client per minute. `--speed 10` runs the same schedule ten times faster (same counts, 6 s);
 * `--write` puts the table into docs/MIGRATION.md.
 */

const { values } = parseArgs({
  options: {
    speed: { type: 'string', default: '1' },
    minutes: { type: 'string', default: '1' },
    write: { type: 'boolean', default: false },
  },
})
const speed = Number(values.speed)
const minutes = Number(values.minutes)
const INTERVAL = 2_000
const CHANGE_EVERY = 10_000

const server = await startDemoServer({ changeEvery: CHANGE_EVERY / speed })
const clients = [startOldClient, startNewClient].map((start) =>
  start({ base: server.url, interval: INTERVAL / speed, onData: () => undefined }),
)
await new Promise((resolve) => setTimeout(resolve, (minutes * 60_000) / speed))
for (const client of clients) client.stop()
const counters = server.counters()
const changes = server.changes
await server.close()

const perMinute = (app: AppName, name: 'requests' | 'bytes' | 'payloadFetches') =>
  Math.round(counters[app][name] / minutes).toLocaleString('en')
const row = (label: string, app: AppName) =>
  `| ${label} | ${perMinute(app, 'requests')} | ${perMinute(app, 'bytes')} | ${perMinute(app, 'payloadFetches')} |`
const table = [
  `Per client per minute: a poll every 2 s, a change every 10 s (${changes} in ${minutes} min, the last one as the`,
  `clients stop), a payload of 40 orders (${Buffer.byteLength(JSON.stringify(boardAt(0))).toLocaleString('en')} bytes of JSON).`,
  'Payload fetches include the first load.',
  '',
  '| | requests | bytes (both ways, headers included) | payload fetches |',
  '| --- | ---: | ---: | ---: |',
  row('before: `GET` every 2 s', 'old'),
  row('after: Reality `createPollingAdapter`', 'new'),
].join('\n')
console.log(table)

if (values.write) {
  const path = new URL('../../../docs/MIGRATION.md', import.meta.url)
  const doc = await readFile(path, 'utf8')
  const start = '<!-- polling-figures -->'
  const end = '<!-- /polling-figures -->'
  if (!doc.includes(start) || !doc.includes(end)) throw new Error(`docs/MIGRATION.md has no ${start} … ${end} block`)
  await writeFile(path, `${doc.slice(0, doc.indexOf(start) + start.length)}\n${table}\n${doc.slice(doc.indexOf(end))}`)
  console.log('written into docs/MIGRATION.md')
}
