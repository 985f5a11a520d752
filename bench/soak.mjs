#!/usr/bin/env node
/**
 * @module
 * `npm run bench:soak`: three Reality server processes on one PostgreSQL table with a Redis
 * accelerator, under steady syncs and updates for --minutes (30), to show nothing degrades with
 * time: throughput and p99 per window, each server's RSS at the start and the end, errors.
 *
 *   servers   the cluster tests' fixture (packages/reality-server/test/cluster/fixtures/server-main.ts,
 *             bundled against `dist`), since the CLI has no storage flag: PostgreSQL storage with its
 *             read cache, ioredis accelerator on a redis-server of the bench's own (free port)
 *   clients   --clients (60) clients, each on one server (round robin), syncing every --interval (200) ms
 *             the versions it knows of 10 of --keys (200) keys, and taking the versions it is answered
 *   updates   one key every --update-ms (100) ms through POST /reality/invalidate, the three servers in turn
 *
 * Every --window (60) s it prints and records syncs/s, p50/p99, updates, errors and each server's
 * RSS. Errors are anything but a 200 (status or network failure) plus the lines servers report
 * through onError. Goal: zero errors, and each server's RSS at the end within --rss-slack (0.25 = 25%)
 * of its RSS after the first window (exit code 1 otherwise). Writes bench/results/soak.json.
 */
import { percentile, sleep } from '@reality-internal/test-utils'
import { option } from './support/args.mjs'
import { reportChecks } from './support/checks.mjs'
import { withCluster } from './support/cluster.mjs'
import { load, rssMiB } from './support/machine.mjs'

const TOKEN = 'soak-token'

const MINUTES = Number(option('minutes', 30))
const CLIENTS = Number(option('clients', 60))
const INTERVAL_MS = Number(option('interval', 200))
const KEYS = Number(option('keys', 200))
const UPDATE_MS = Number(option('update-ms', 100))
const WINDOW_S = Number(option('window', 60))
const RSS_SLACK = Number(option('rss-slack', 0.25))

const soak = async ({ newTable, startRedis, startServers }) => {
  const redis = await startRedis()
  const servers = await startServers(['soak-1', 'soak-2', 'soak-3'], {
    storage: { kind: 'postgres', table: newTable() },
    redis: { port: redis.port, client: 'ioredis' },
  })
  const loadAtStart = load()
  console.log(
    `bench:soak: ${MINUTES} min, 3 servers (pids ${servers.map((s) => s.pid).join(', ')}) on PostgreSQL + Redis, ` +
      `${CLIENTS} clients every ${INTERVAL_MS} ms, one update every ${UPDATE_MS} ms; load average ${loadAtStart.join(' ')}`,
  )

  // The figures of the window in progress; `windows` keeps the finished ones.
  let current = { latencies: [], updates: 0, errors: 0, failures: {} }
  const windows = []
  const fail = (what) => {
    current.errors++
    current.failures[what] = (current.failures[what] ?? 0) + 1
  }
  const key = (i) => `soak:${i}`
  let running = true

  const client = async (n) => {
    const server = servers[n % servers.length]
    const known = {}
    for (let i = 0; i < 10; i++) known[key((n * 7 + i * 13) % KEYS)] = 0
    // Spread the clients over the first interval rather than all at once.
    await sleep((n * INTERVAL_MS) / CLIENTS)
    while (running) {
      const began = performance.now()
      try {
        const response = await fetch(`${server.url}/reality/sync`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ known, clientId: `soak-client-${n}`, hint: 'interaction' }),
        })
        const body = await response.json()
        if (response.status !== 200) fail(`sync ${response.status}`)
        else {
          for (const [k, node] of Object.entries(body.changed)) known[k] = node.version
          current.latencies.push(performance.now() - began)
        }
      } catch (error) {
        fail(`sync ${error.cause?.code ?? error.message}`)
      }
      await sleep(Math.max(0, INTERVAL_MS - (performance.now() - began)))
    }
  }

  const updater = async () => {
    for (let i = 0; running; i++) {
      const began = performance.now()
      const server = servers[i % servers.length]
      try {
        const response = await fetch(`${server.url}/reality/invalidate`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
          body: JSON.stringify({ keys: [key(i % KEYS)], hash: `h${i}` }),
        })
        await response.arrayBuffer()
        if (response.status === 200) current.updates++
        else fail(`update ${response.status}`)
      } catch (error) {
        fail(`update ${error.cause?.code ?? error.message}`)
      }
      await sleep(Math.max(0, UPDATE_MS - (performance.now() - began)))
    }
  }

  // What the servers reported through onError (their stderr) since the last window: shown, and counted as errors.
  const shown = servers.map(() => 0)
  const newReports = () =>
    servers.flatMap((s, i) => {
      const text = s.stderr().slice(shown[i])
      shown[i] += text.length
      return text.split('\n').filter(Boolean)
    })
  const sampleWindow = (index) => {
    const reports = newReports()
    for (const line of reports) console.error(line)
    if (reports.length) current.failures['server onError'] = reports.length
    current.errors += reports.length
    const finished = current
    current = { latencies: [], updates: 0, errors: 0, failures: {} }
    const row = {
      minute: Number((((index + 1) * WINDOW_S) / 60).toFixed(2)),
      syncsPerSecond: Math.round(finished.latencies.length / WINDOW_S),
      p50: percentile(finished.latencies, 50),
      p99: percentile(finished.latencies, 99),
      updates: finished.updates,
      errors: finished.errors,
      failures: finished.failures,
      rssMiB: servers.map((s) => Number(rssMiB(s.pid).toFixed(1))),
      load: load()[0],
    }
    windows.push(row)
    console.log(
      `| ${row.minute} | ${row.syncsPerSecond.toLocaleString('en')} | ${row.p50.toFixed(1)} | ${row.p99.toFixed(1)} | ` +
        `${row.updates} | ${row.errors}${row.errors ? ` ${JSON.stringify(row.failures)}` : ''} | ${row.rssMiB.join(' / ')} | ${row.load} |`,
    )
  }

  console.log('\n| minute | syncs/s | p50 ms | p99 ms | updates | errors | RSS MiB (3 servers) | load |')
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |')
  const rssAtStart = servers.map((s) => rssMiB(s.pid))
  const load$ = [...Array.from({ length: CLIENTS }, (_, n) => client(n)), updater()]
  const windowCount = Math.max(1, Math.round((MINUTES * 60) / WINDOW_S))
  for (let i = 0; i < windowCount; i++) {
    await sleep(WINDOW_S * 1000)
    sampleWindow(i)
  }
  running = false
  await Promise.all(load$)

  const rssFirst = windows[0].rssMiB
  const rssEnd = windows[windows.length - 1].rssMiB
  const errors = windows.reduce((sum, w) => sum + w.errors, 0)
  const syncs = windows.reduce((sum, w) => sum + w.syncsPerSecond * WINDOW_S, 0)
  const checks = {
    noErrors: errors === 0,
    flatMemory: rssEnd.every((end, i) => end <= rssFirst[i] * (1 + RSS_SLACK)),
  }
  console.log(
    `\n≈${syncs.toLocaleString('en')} syncs, ${windows.reduce((s, w) => s + w.updates, 0).toLocaleString('en')} updates, ${errors} errors`,
  )
  console.log(
    `RSS MiB per server: at start ${rssAtStart.map((v) => v.toFixed(1)).join(' / ')}, after the first window ` +
      `${rssFirst.join(' / ')}, at the end ${rssEnd.join(' / ')} (bound +${RSS_SLACK * 100}% of the first window)`,
  )
  return reportChecks('soak', {
    loadAtStart,
    options: {
      minutes: MINUTES,
      clients: CLIENTS,
      intervalMs: INTERVAL_MS,
      keys: KEYS,
      updateMs: UPDATE_MS,
      windowSeconds: WINDOW_S,
    },
    setup: '3 fixture servers, PostgreSQL storage with read cache, ioredis accelerator on its own redis-server',
    windows,
    rssMiB: { atStart: rssAtStart, afterFirstWindow: rssFirst, atEnd: rssEnd, slack: RSS_SLACK },
    errors,
    checks,
  })
}

const ok = await withCluster('soak', { token: TOKEN, poolSize: 2 }, soak)
process.exit(ok ? 0 : 1)
