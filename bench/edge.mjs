#!/usr/bin/env node
/**
 * @module
 * `npm run bench:edge`: what the cacheable GET sync saves the origin. Simulated viewers of one room each check it once a
 * second while the room changes every 2 s, on two Reality servers (separate processes, one PostgreSQL table):
 *
 *   edge    viewers send `GET /reality/sync?keys=…` (the canonical URL, with If-None-Match) to nginx with proxy_cache,
 *           proxy_cache_lock and proxy_cache_use_stale updating (the config of docs/EDGE.md), in front of both servers
 *   direct  viewers send the POST form to the servers themselves, alternately
 *
 * Per viewer count and mode: sync requests per second reaching the origin servers (their own counters), delay from a
 * write to each viewer seeing it (p50/p95), response bytes per viewer per minute (headers and body), and CPU seconds
 * per second of the origin servers and of nginx (from /proc). Viewers share a pool of keep-alive connections, as
 * browsers behind one CDN would look to the origin, so the file descriptor limit bounds connections, not viewers.
 * Results go to bench/results/edge.json. Options: --viewers 1000,10000 --seconds 60 --connections 256
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import { percentile, sleep } from '@reality-internal/test-utils'
import { option } from './support/args.mjs'
import { withCluster } from './support/cluster.mjs'
import { startResults } from './support/results.mjs'

const TOKEN = 'bench-token'
const ROOM = 'room:general'

const VIEWERS = option('viewers', '1000,10000').split(',').map(Number)
const SECONDS = Number(option('seconds', 60))
const CONNECTIONS = Number(option('connections', 256))
const CHANGE_EVERY = 2000

/** CPU seconds (user + system) of a process and its children that were waited for, from /proc. */
const cpuOf = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])
  return ticks / 100
}
const childrenOf = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  } catch {
    return []
  }
}
const cpuTree = (pid) => cpuOf(pid) + childrenOf(pid).reduce((sum, child) => sum + cpuOf(child), 0)

/** One request on a shared keep-alive agent: status, headers and body text. */
const send = (agent, url, { method = 'GET', headers = {}, body } = {}) =>
  new Promise((resolve, reject) => {
    const req = http.request(url, { agent, method, headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => {
        text += chunk
      })
      res.on('end', () => resolve({ statusCode: res.statusCode, headers: res.headers, text }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })

const headerBytes = (headers) =>
  Object.entries(headers).reduce((sum, [name, value]) => sum + name.length + String(value).length + 4, 0)

/** One run: `viewers` viewers in `mode` for SECONDS, while a writer changes the room once in every 2 s slot. */
const run = async ({ servers, nginx }, mode, viewers) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS })
  const getUrl = `${nginx.edge}/reality/sync?keys=${encodeURIComponent(ROOM)}`
  const writes = new Map() // version → time written
  const delays = []
  let bytes = 0
  let checks = 0
  let failures = 0
  let stopping = false

  const viewer = async (i) => {
    let known = 0
    let etag
    await sleep(Math.random() * 1000)
    while (!stopping) {
      const started = performance.now()
      try {
        let body
        if (mode === 'edge') {
          const res = await send(agent, getUrl, { headers: etag ? { 'if-none-match': etag } : {} })
          const text = res.text
          bytes += text.length + headerBytes(res.headers)
          if (res.statusCode === 200) {
            etag = res.headers.etag
            body = JSON.parse(text)
          } else if (res.statusCode !== 304) failures++
        } else {
          const server = servers[i % servers.length]
          const res = await send(agent, `${server.url}/reality/sync`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ known: { [ROOM]: known } }),
          })
          const text = res.text
          bytes += text.length + headerBytes(res.headers)
          if (res.statusCode === 200) body = JSON.parse(text)
          else failures++
        }
        checks++
        const node = body?.changed[ROOM]
        if (node && node.version > known) {
          const now = Date.now()
          // Every write this answer covers, seen now.
          for (const [version, at] of writes) if (version > known && version <= node.version) delays.push(now - at)
          known = node.version
        }
      } catch {
        failures++
      }
      await sleep(Math.max(0, 1000 - (performance.now() - started)))
    }
  }

  const before = await Promise.all(servers.map((s) => s.stats()))
  const cpu0 = { origin: servers.reduce((sum, s) => sum + cpuOf(s.pid), 0), nginx: cpuTree(nginx.pid) }
  const started = Date.now()
  const all = Array.from({ length: viewers }, (_, i) => viewer(i))
  // One write at a random moment of each 2 s slot: writes in an app do not keep time with the cache's whole
  // seconds, and a fixed phase would make the delay depend on where in the second it fell.
  for (let n = 0; ; n++) {
    const at = started + n * CHANGE_EVERY + Math.random() * CHANGE_EVERY
    if (at - started >= SECONDS * 1000) break
    await sleep(Math.max(0, at - Date.now()))
    const meta = await servers[0].update(ROOM, `h${Date.now()}-${n}`)
    writes.set(meta.version, Date.now())
  }
  await sleep(Math.max(0, started + SECONDS * 1000 - Date.now()))
  const seconds = (Date.now() - started) / 1000
  const after = await Promise.all(servers.map((s) => s.stats()))
  const cpu1 = { origin: servers.reduce((sum, s) => sum + cpuOf(s.pid), 0), nginx: cpuTree(nginx.pid) }
  stopping = true
  await Promise.all(all)
  agent.destroy()
  const syncs = after.reduce((sum, s, i) => sum + s.syncsServed - before[i].syncsServed, 0)
  return {
    mode,
    viewers,
    seconds: Math.round(seconds),
    checksPerSecond: Math.round(checks / seconds),
    failures,
    originRequestsPerSecond: Number((syncs / seconds).toFixed(1)),
    delayMs: { p50: percentile(delays, 50), p95: percentile(delays, 95), samples: delays.length },
    bytesPerViewerPerMinute: Math.round((bytes / viewers / seconds) * 60),
    cpu: {
      origin: Number(((cpu1.origin - cpu0.origin) / seconds).toFixed(2)),
      nginx: mode === 'edge' ? Number(((cpu1.nginx - cpu0.nginx) / seconds).toFixed(2)) : 0,
    },
  }
}

const table = (rows) => {
  const head = [
    'viewers',
    'mode',
    'checks/s',
    'origin req/s',
    'p50 delay',
    'p95 delay',
    'B/viewer/min',
    'CPU origin',
    'CPU nginx',
    'errors',
  ]
  const body = rows.map((r) => [
    r.viewers.toLocaleString('en-US'),
    r.mode,
    String(r.checksPerSecond),
    String(r.originRequestsPerSecond),
    `${r.delayMs.p50} ms`,
    `${r.delayMs.p95} ms`,
    r.bytesPerViewerPerMinute.toLocaleString('en-US'),
    `${r.cpu.origin} s/s`,
    r.mode === 'edge' ? `${r.cpu.nginx} s/s` : '-',
    String(r.failures),
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)))
  for (const row of [head, ...body]) console.log(row.map((cell, i) => cell.padStart(widths[i])).join('  '))
}

await withCluster('edge', { token: TOKEN, poolSize: 2 }, async ({ h, pool, newTable, startServers, onCleanup }) => {
  const servers = await startServers(['edge-1', 'edge-2'], {
    storage: { kind: 'postgres', table: newTable() },
    publicKeys: ['room:'],
  })
  for (const server of servers) server.update = (key, hash) => h.updateThrough(server.url, TOKEN, key, hash)
  const nginx = await h.startCachingNginx(servers.map((s) => s.config.port))
  onCleanup(() => nginx.stop())

  const results = startResults('edge', { viewers: VIEWERS, seconds: SECONDS, connections: CONNECTIONS })
  const loadavg = os.loadavg().map((l) => Number(l.toFixed(2)))
  console.log(`bench:edge  ${VIEWERS.join(', ')} viewers × ${SECONDS} s, room changes every ${CHANGE_EVERY / 1000} s`)
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, load average ${loadavg.join(' ')}\n`)
  const rows = []
  for (const viewers of VIEWERS) {
    for (const mode of ['edge', 'direct']) {
      rows.push(await run({ servers, nginx }, mode, viewers))
      console.log(`  done: ${viewers} ${mode}`)
    }
  }
  console.log('')
  table(rows)
  const nginxVersion = spawnSync(h.NGINX_BIN, ['-v'], { encoding: 'utf8' }).stderr
  const pgVersion = (await pool.query('SHOW server_version')).rows[0].server_version
  results.save({
    services: { nginx: nginxVersion.trim() || 'unknown', postgres: pgVersion },
    settings: { changeEveryMs: CHANGE_EVERY, publicMaxAge: 1, staleWhileRevalidate: 2 },
    rows,
  })
})
