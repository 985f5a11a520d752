#!/usr/bin/env node
/**
 * @module
 * `npm run bench:sync`: sync throughput and latency of four servers measured in one run, side by side.
 *
 *   ours  the built `reality-server` CLI (direct node:http handler, memory storage)
 *   bare  a node:http handler that reads the body, JSON.parse's it and answers the same bytes ours answers:
 *         the ceiling for any JSON-over-HTTP server in Node on this machine
 *   old   @rootlodge/reality-server@1.2.2 (devDependency alias `reality-server-v122`), used as a black box through
 *         its public API: createRealityServer + MemoryStorage + getFetchHandler('/reality'), served through
 *         @hono/node-server (the fastest fetch→node bridge we measured for it, see bench/README.md)
 *   old-plain  the same behind a fetch→node bridge written here the obvious way (real Request and Response)
 *
 * Every server runs in its own child process; the load comes from autocannon in another child process. Each
 * request is the full protocol form (uuid clientId, mode, hint) with 10 known keys of which exactly 1 changed,
 * checked before measuring. Rounds alternate the order of the servers; the medians over rounds are compared.
 *
 * Options: --rounds 5 --duration 6 --warmup 3 --connections 50 --no-pin
 * (with taskset and 2+ cores, servers run on CPU 1 and the load generator on CPU 0, so they do not share a core).
 */
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { median } from '@reality-internal/test-utils'
import { option } from './support/args.mjs'
import { load, runLoadRole } from './support/autocannon.mjs'
import { post } from './support/http.mjs'
import { cpuSeconds } from './support/proc.mjs'
import { PIN, ready, start, stop } from './support/processes.mjs'
import { startResults } from './support/results.mjs'

const SELF = fileURLToPath(import.meta.url)
const CLI = fileURLToPath(new URL('../packages/reality-server/dist/cli/index.js', import.meta.url))
const KEYS = Array.from({ length: 10 }, (_, i) => `bench:room:${i}`)

// ROLES: each child process runs this file with --role <name> and prints one JSON line when ready.

/** The ceiling: read, parse, answer a fixed body of the same size as ours. */
const runBare = async () => {
  const { createServer } = await import('node:http')
  const body = process.env.BENCH_RESPONSE
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
  }
  const server = createServer((req, res) => {
    const chunks = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8'))
      res.writeHead(200, headers)
      res.end(body)
    })
  })
  server.keepAliveTimeout = 5000
  server.listen(0, '127.0.0.1', () => ready({ port: server.address().port }))
}

/** A fetch→node bridge written here the obvious way: a real `Request` in, a real `Response` out. */
const plainBridge = async (fetchHandler) => {
  const { createServer } = await import('node:http')
  return createServer((req, res) => {
    const chunks = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', async () => {
      const headers = new Headers()
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value)
      const body = chunks.length ? Buffer.concat(chunks) : undefined
      const response = await fetchHandler(
        new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, body }),
      )
      const bytes = Buffer.from(await response.arrayBuffer())
      const out = { 'content-length': bytes.length }
      response.headers.forEach((value, name) => {
        out[name] = value
      })
      res.writeHead(response.status, out)
      res.end(bytes)
    })
  })
}

/** The earlier implementation, black box: public API only, behind the bridge named by --bridge. */
const runOld = async () => {
  const { createRealityServer, MemoryStorage } = await import('reality-server-v122')
  const server = createRealityServer({ serverId: 'old-1' }, new MemoryStorage())
  const versions = {}
  for (const key of KEYS) versions[key] = (await server.updateNode(key, `hash-of-${key}`)).version
  const fetchHandler = server.getFetchHandler('/reality')
  const http =
    option('bridge', 'hono') === 'hono'
      ? (await import('@hono/node-server')).serve({ fetch: fetchHandler, port: 0, hostname: '127.0.0.1' })
      : await plainBridge(fetchHandler)
  http.keepAliveTimeout = 5000
  if (!http.listening) http.listen(0, '127.0.0.1')
  http.once('listening', () => ready({ port: http.address().port, versions }))
}

// PARENT

/** The request every server gets: full form, 10 known keys, exactly one of them one version behind. */
const requestBody = (versions) => {
  const known = {}
  for (const key of KEYS) known[key] = versions[key]
  known[KEYS[3]] = versions[KEYS[3]] - 1
  return JSON.stringify({ known, clientId: randomUUID(), mode: 'native', hint: 'interaction' })
}

const expectOneChanged = (name, reply) => {
  const changed = reply.status === 200 ? Object.keys(JSON.parse(reply.text).changed) : []
  if (changed.length !== 1 || changed[0] !== KEYS[3])
    throw new Error(`${name}: expected exactly ${KEYS[3]} changed, got ${reply.status} ${reply.text}`)
}

const startOurs = async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm run bench:sync does)`)
  const token = randomUUID()
  const { child, ready } = start(process.execPath, [CLI, '--port', '0', '--admin-token', token], {
    cpu: 1,
    pick: (line) => /listening on (http:\/\/\S+)/.exec(line)?.[1],
  })
  const url = await ready
  const setup = await post(`${url}/invalidate`, JSON.stringify({ keys: KEYS }), { authorization: `Bearer ${token}` })
  const versions = Object.fromEntries(JSON.parse(setup.text).updated.map((node) => [node.key, node.version]))
  const body = requestBody(versions)
  const reply = await post(`${url}/sync`, body)
  expectOneChanged('ours', reply)
  return { name: 'ours', child, url: `${url}/sync`, body, response: reply.text }
}

const startOld = async (name, bridge) => {
  const { child, ready } = start(process.execPath, [SELF, '--role', 'old', '--bridge', bridge], { cpu: 1 })
  const { port, versions } = await ready
  const url = `http://127.0.0.1:${port}/reality/sync`
  const body = requestBody(versions)
  expectOneChanged(name, await post(url, body))
  return { name, child, url, body }
}

const startBare = async (ours) => {
  const { child, ready } = start(process.execPath, [SELF, '--role', 'bare'], {
    cpu: 1,
    env: { BENCH_RESPONSE: ours.response },
  })
  const { port } = await ready
  const url = `http://127.0.0.1:${port}/`
  const reply = await post(url, ours.body)
  if (Buffer.byteLength(reply.text) !== Buffer.byteLength(ours.response)) throw new Error('bare: response size differs')
  return { name: 'bare', child, url, body: ours.body }
}

const LABELS = {
  ours: 'ours (CLI, node:http handler)',
  bare: 'bare node:http (ceiling)',
  old: 'old 1.2.2 via @hono/node-server',
  'old-plain': 'old 1.2.2 via plain Request bridge',
}

const main = async () => {
  const rounds = Number(option('rounds', 5))
  const duration = Number(option('duration', 6))
  const warmup = Number(option('warmup', 3))
  const connections = Number(option('connections', 50))
  console.log(
    `bench:sync  Node ${process.version}, ${availableParallelism()} CPUs, ${connections} connections, ` +
      `${rounds} rounds × ${duration} s per server after ${warmup} s warm-up; ` +
      (PIN ? 'servers on CPU 1, load (autocannon) on CPU 0' : 'no CPU pinning'),
  )
  console.log('request: POST /reality/sync, full form (uuid clientId, mode, hint), 10 known keys, 1 changed\n')

  const record = startResults('sync', { rounds, duration, warmup, connections, pinned: PIN })
  const ours = await startOurs()
  const targets = [ours, await startBare(ours), await startOld('old', 'hono'), await startOld('old-plain', 'plain')]
  try {
    for (const target of targets) await load(SELF, target, warmup, connections)
    const results = Object.fromEntries(targets.map((target) => [target.name, []]))
    for (let round = 0; round < rounds; round++) {
      // Rotate the order so no server always runs first (or right after a given other one).
      const order = targets.map((_, i) => targets[(i + round) % targets.length])
      for (const target of order) {
        const cpuBefore = cpuSeconds(target.child.pid)
        const result = await load(SELF, target, duration, connections)
        result.cpuPerRequest = ((cpuSeconds(target.child.pid) - cpuBefore) / result.requests) * 1e6
        results[target.name].push(result)
        console.log(
          `round ${round + 1}  ${target.name.padEnd(9)} ${result.rps.toFixed(0).padStart(6)} req/s` +
            `  p50 ${String(result.p50).padStart(2)} ms  p99 ${String(result.p99).padStart(3)} ms` +
            `  server CPU ${result.cpuPerRequest.toFixed(1)} µs/req`,
        )
      }
    }
    const summary = {}
    for (const [name, runs] of Object.entries(results)) {
      const pick = (field) => median(runs.map((run) => run[field]))
      summary[name] = { rps: pick('rps'), p50: pick('p50'), p99: pick('p99'), cpu: pick('cpuPerRequest') }
    }
    console.log('\nmedians over rounds')
    for (const [name, s] of Object.entries(summary))
      console.log(
        `  ${LABELS[name].padEnd(35)} ${s.rps.toFixed(0).padStart(6)} req/s  p50 ${s.p50} ms  p99 ${s.p99} ms` +
          `  server CPU ${s.cpu.toFixed(1)} µs/req`,
      )
    const ratio = (a, b) => summary[a].rps / summary[b].rps
    const verdict = (value, target) => `(target ≥ ${target}×) ${value >= target ? 'met' : 'NOT met'}`
    console.log(`\nours/bare       ${ratio('ours', 'bare').toFixed(2)}×  ${verdict(ratio('ours', 'bare'), 0.8)}`)
    console.log(
      `ours/old        ${ratio('ours', 'old').toFixed(2)}×  ${verdict(ratio('ours', 'old'), 4)}  (old at its fastest)`,
    )
    console.log(`ours/old-plain  ${ratio('ours', 'old-plain').toFixed(2)}×  ${verdict(ratio('ours', 'old-plain'), 4)}`)
    console.log(
      `old/bare        ${ratio('old', 'bare').toFixed(2)}×   old-plain/bare ${ratio('old-plain', 'bare').toFixed(2)}×`,
    )
    record.save({
      method:
        'POST /reality/sync (full form, 10 known keys, 1 changed) under autocannon on loopback; medians over rounds',
      servers: Object.entries(summary).map(([name, s]) => ({
        name,
        label: LABELS[name],
        rps: s.rps,
        p50ms: s.p50,
        p99ms: s.p99,
        cpuMicrosPerRequest: s.cpu,
      })),
      ratios: {
        oursToBare: ratio('ours', 'bare'),
        oursToOld: ratio('ours', 'old'),
        oursToOldPlain: ratio('ours', 'old-plain'),
      },
    })
  } finally {
    await Promise.all(targets.map((target) => stop(target.child)))
  }
}

const role = option('role', undefined)
const roles = { bare: runBare, old: runOld, load: runLoadRole }
if (role !== undefined && !(role in roles)) throw new Error(`unknown role ${role}`)
await (role ? roles[role]() : main())
