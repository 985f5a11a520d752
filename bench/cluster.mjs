#!/usr/bin/env node
/**
 * @module
 * `npm run bench:cluster`: what scale-out costs and buys, measured on the built packages.
 *
 *   propagation  updateNode on server A (POST /reality/invalidate) until a sync on server B returns it,
 *                with Redis, with PostgreSQL LISTEN/NOTIFY, and with neither (B's read cache catching up
 *                every refreshInterval = 250 ms). A and B are separate processes on one PostgreSQL table.
 *   throughput   sync requests/s against 1 server directly, 1 server behind nginx and 3 servers behind
 *                nginx (round robin), autocannon in this process; all of it shares this machine's cores.
 *   queries      database statements per 1,000 syncs and per second with the read cache and without it,
 *                for 10, 100 and 1,000 clients each syncing once a second (in-process handleSync on a
 *                counting executor) while another server writes one key every 100 ms.
 *
 * Server processes are the cluster tests' fixture (packages/reality-server/test/cluster/fixtures),
 * bundled against `dist`; nginx and redis-server are started on free loopback ports and stopped at the end.
 * Options: --samples 100 --duration 5 --connections 50 --seconds 3
 */
import { PG_CONFIG, percentile, sleep } from '@reality-internal/test-utils'
import autocannon from 'autocannon'
import { option } from './support/args.mjs'
import { withCluster } from './support/cluster.mjs'

const TOKEN = 'bench-token'

const SAMPLES = Number(option('samples', 100))
const DURATION = Number(option('duration', 5))
const CONNECTIONS = Number(option('connections', 50))
const SECONDS = Number(option('seconds', 3))

const ms = (value) => `${value.toFixed(1)} ms`

const JSON_HEADERS = { 'content-type': 'application/json' }
const knownBody = (known) => JSON.stringify({ known, clientId: 'bench', hint: 'focus' })

// PROPAGATION

const propagation = async ({ h, newTable, startRedis, startServers }) => {
  const modes = {
    redis: async () => ({ redis: { port: (await startRedis()).port, client: 'ioredis' } }),
    'LISTEN/NOTIFY': async () => ({ notify: { port: PG_CONFIG.port } }),
    neither: async () => ({}),
  }
  const rows = []
  for (const [mode, extra] of Object.entries(modes)) {
    const table = newTable()
    const accel = await extra()
    const [a, b] = await startServers([`${mode}-A`, `${mode}-B`], { storage: { kind: 'postgres', table }, ...accel })
    await b.stats() // warm the connection
    for (let wait = 0; wait < 100; wait++) {
      const states = await Promise.all([a, b].map(async (s) => (await s.stats()).accelerator?.state))
      if (states.every((state) => state === undefined || state === 'connected')) break
      await fetch(`${b.url}/reality/sync`, { method: 'POST', headers: JSON_HEADERS, body: knownBody({}) })
      await sleep(50)
    }
    // Other clients keep B busy, as real traffic does: its cache catches up every refreshInterval
    // whatever the samples do, so an update lands at a random point of B's refresh cycle.
    let busy = true
    const background = (async () => {
      while (busy) {
        await fetch(`${b.url}/reality/sync`, { method: 'POST', body: knownBody({ other: 0 }) })
        await sleep(10)
      }
    })()
    const delays = []
    const writes = []
    for (let i = 0; i < SAMPLES; i++) {
      const key = `prop:${i % 10}`
      // A sample ends right after B caught up: a random pause puts the next update at a random
      // point of B's refresh cycle instead of always ~40 ms into it.
      await sleep(Math.random() * 300)
      const started = performance.now()
      const meta = await h.updateThrough(a.url, TOKEN, key, `h${i}`)
      writes.push(performance.now() - started)
      for (;;) {
        const response = await fetch(`${b.url}/reality/sync`, {
          method: 'POST',
          headers: JSON_HEADERS,
          body: knownBody({ [key]: meta.version - 1 }),
        })
        const { changed } = await response.json()
        if ((changed[key]?.version ?? 0) >= meta.version) break
      }
      delays.push(performance.now() - started)
    }
    busy = false
    await background
    rows.push([mode, ms(percentile(delays, 50)), ms(percentile(delays, 99)), ms(percentile(writes, 50))])
    await Promise.all([a.stop(), b.stop()])
  }
  return rows
}

// THROUGHPUT

const load = async (url, body) => {
  // One second of warm-up (JIT, connections, the cache's first load), not counted.
  await autocannon({
    url: `${url}/reality/sync`,
    method: 'POST',
    headers: JSON_HEADERS,
    body,
    connections: CONNECTIONS,
    duration: 1,
  })
  const result = await autocannon({
    url: `${url}/reality/sync`,
    method: 'POST',
    headers: JSON_HEADERS,
    body,
    connections: CONNECTIONS,
    duration: DURATION,
  })
  return [
    Math.round(result.requests.average).toLocaleString('en-US'),
    ms(result.latency.p50),
    ms(result.latency.p99),
    String(result.non2xx + result.errors),
  ]
}

const throughput = async ({ h, newTable, startServers, onCleanup }) => {
  const servers = await startServers(['tp-1', 'tp-2', 'tp-3'], { storage: { kind: 'postgres', table: newTable() } })
  const keys = Array.from({ length: 10 }, (_, i) => `tp:${i}`)
  const known = {}
  for (const key of keys) known[key] = (await h.updateThrough(servers[0].url, TOKEN, key, `h-${key}`)).version
  known[keys[0]] = 0 // one key of ten changed, in every answer
  const body = knownBody(known)
  const nginx = await h.startNginx([[servers[0].config.port], servers.map((s) => s.config.port)])
  onCleanup(() => nginx.stop())
  const rows = []
  rows.push(['1 server, direct', ...(await load(servers[0].url, body))])
  rows.push(['1 server behind nginx', ...(await load(nginx.urls[0], body))])
  rows.push(['3 servers behind nginx', ...(await load(nginx.urls[1], body))])
  await nginx.stop()
  await Promise.all(servers.map((s) => s.stop()))
  return rows
}

// DATABASE QUERIES

const queries = async ({ pool, newTable }) => {
  const { createRealityServer, SQLStorage } = await import('@rootlodge/reality-server')
  const table = newTable()
  const storage = (counter) =>
    new SQLStorage({
      dialect: 'postgres',
      tableName: table,
      query: async (sql, params) => {
        if (counter) counter.n++
        return (await pool.query(sql, params)).rows
      },
    })
  const writer = createRealityServer({ serverId: 'q-writer' }, storage())
  const keys = Array.from({ length: 50 }, (_, i) => `q:${i}`)
  await writer.invalidateMany(keys)
  const rows = []
  for (const clients of [10, 100, 1000]) {
    const row = [String(clients)]
    for (const cache of [true, false]) {
      const counter = { n: 0 }
      const server = createRealityServer({ serverId: `q-${clients}-${cache}`, cache }, storage(counter))
      await server.handleSync({ known: {} })
      counter.n = 0
      let syncs = 0
      let writing = true
      const writes = (async () => {
        for (let i = 0; writing; i++) {
          await writer.updateNode(keys[i % keys.length], `w${i}`)
          await sleep(100)
        }
      })()
      const started = performance.now()
      // Each client syncs once a second, at its own phase, with 10 of the keys.
      await Promise.all(
        Array.from({ length: clients }, async (_, c) => {
          const known = Object.fromEntries(keys.slice(c % 40, (c % 40) + 10).map((key) => [key, 0]))
          await sleep(Math.random() * 1000)
          for (let s = 0; s < SECONDS; s++) {
            const tick = performance.now()
            await server.handleSync({ known })
            syncs++
            await sleep(Math.max(0, 1000 - (performance.now() - tick)))
          }
        }),
      )
      const seconds = (performance.now() - started) / 1000
      writing = false
      await writes
      await server.close()
      if (cache) row.push(`${Math.round(syncs / seconds)}/s`)
      row.push(`${(counter.n / seconds).toFixed(1)}/s`, String(Math.round((counter.n / syncs) * 1000)))
    }
    rows.push(row)
  }
  return rows
}

const table = (title, head, rows) => {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`
  console.log(
    `\n${title}\n${line(head)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${rows.map(line).join('\n')}`,
  )
}

await withCluster('cluster', { token: TOKEN, poolSize: 20 }, async (cluster) => {
  console.log(`bench:cluster on ${(await import('node:os')).availableParallelism()} cores, node ${process.version}`)
  table(
    `Propagation: update on A → visible in a sync on B (${SAMPLES} samples; B polls back to back; read cache refreshInterval 250 ms)`,
    ['accelerator', 'p50', 'p99', 'the update itself, p50'],
    await propagation(cluster),
  )
  table(
    `Sync throughput: ${CONNECTIONS} connections, ${DURATION} s each, 10 known keys of which 1 changed; PostgreSQL storage with read cache`,
    ['target', 'requests/s', 'p50', 'p99', 'errors'],
    await throughput(cluster),
  )
  table(
    `Database statements while N clients each sync once a second for ${SECONDS} s (another server writes one key every 100 ms)`,
    [
      'clients',
      'syncs',
      'cache: queries/s',
      'cache: per 1,000 syncs',
      'no cache: queries/s',
      'no cache: per 1,000 syncs',
    ],
    await queries(cluster),
  )
})
