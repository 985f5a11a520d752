#!/usr/bin/env node
/**
 * @module
 * `npm run bench:runtimes`: sync throughput of the built server on Node, Bun and Deno, side by side.
 *
 *   node  http.createServer(createNodeHandler(server))            packages/reality-server/test/runtimes/node/server.mjs
 *   bun   Bun.serve + server.getFetchHandler('/reality')          packages/reality-server/test/runtimes/bun/server.ts
 *   deno  Deno.serve(server.getFetchHandler('/reality'))          packages/reality-server/test/runtimes/deno/server.ts
 *
 * The same scripts the runtime tests start, on memory storage. Each request is the one bench/sync.mjs sends:
 * the full protocol form (uuid clientId, mode, hint), 10 known keys of which exactly 1 changed, checked before
 * measuring. Load comes from autocannon in its own Node process. Rounds rotate the order; medians are compared.
 *
 * Options: --rounds 3 --duration 10 --warmup 3 --connections 50 --no-pin
 * (with taskset and 2+ cores, servers run on CPU 1 and the load generator on CPU 0).
 */
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { bunLaunch, denoLaunch, median } from '@reality-internal/test-utils'
import { option } from './support/args.mjs'
import { load, runLoadRole } from './support/autocannon.mjs'
import { post } from './support/http.mjs'
import { PIN, start, stop } from './support/processes.mjs'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const SELF = fileURLToPath(import.meta.url)
const RUNTIMES = `${ROOT}packages/reality-server/test/runtimes/`
const KEYS = Array.from({ length: 10 }, (_, i) => `bench:room:${i}`)
const TOKEN = randomUUID()

/** Each runtime: how to start its server script, and which of the script's servers to load. */
const SERVERS = [
  {
    name: 'node',
    label: 'Node, direct node:http handler',
    launch: { command: process.execPath, args: [`${RUNTIMES}node/server.mjs`], env: { REALITY_ADMIN_TOKEN: TOKEN } },
    port: 'main',
  },
  {
    name: 'bun',
    label: "Bun, Bun.serve + getFetchHandler('/reality')",
    launch: bunLaunch(`${RUNTIMES}bun/server.ts`, { REALITY_ADMIN_TOKEN: TOKEN }),
    port: 'guide',
  },
  {
    name: 'deno',
    label: "Deno, Deno.serve + getFetchHandler('/reality')",
    launch: denoLaunch(`${RUNTIMES}deno/server.ts`, {
      env: { REALITY_ADMIN_TOKEN: TOKEN },
      allowEnv: ['REALITY_BODY_LIMIT'],
    }),
    port: 'guide',
  },
]

/** Starts a runtime's server, writes the 10 keys, and checks the bench request reports exactly one change. */
const startServer = async (server, children) => {
  const { command, args, env } = server.launch
  const { child, ready: line } = start(command, args, {
    cpu: 1,
    cwd: ROOT,
    env,
    // The runtime may print other lines first; the script's ready line is the first JSON object.
    pick: (candidate) => (candidate.startsWith('{') ? JSON.parse(candidate) : undefined),
  })
  children.push(child)
  const ready = await line
  const base = `http://127.0.0.1:${ready.ports[server.port]}/reality`
  const setup = await post(`${base}/invalidate`, JSON.stringify({ keys: KEYS }), { authorization: `Bearer ${TOKEN}` })
  if (setup.status !== 200) throw new Error(`${server.name}: invalidate answered ${setup.status} ${setup.text}`)
  const known = Object.fromEntries(JSON.parse(setup.text).updated.map((node) => [node.key, node.version]))
  known[KEYS[3]] -= 1
  const body = JSON.stringify({ known, clientId: randomUUID(), mode: 'native', hint: 'interaction' })
  const reply = await post(`${base}/sync`, body)
  const changed = reply.status === 200 ? Object.keys(JSON.parse(reply.text).changed) : []
  if (changed.length !== 1 || changed[0] !== KEYS[3])
    throw new Error(`${server.name}: expected exactly ${KEYS[3]} changed, got ${reply.status} ${reply.text}`)
  return { ...server, version: `${ready.runtime} ${ready.version}`, url: `${base}/sync`, body }
}

const main = async () => {
  if (!existsSync(`${ROOT}packages/reality-server/dist/index.js`)) throw new Error('run npm run build first')
  const rounds = Number(option('rounds', 3))
  const duration = Number(option('duration', 10))
  const warmup = Number(option('warmup', 3))
  const connections = Number(option('connections', 50))
  const targets = []
  const children = []
  try {
    for (const server of SERVERS) targets.push(await startServer(server, children))
    console.log(
      `bench:runtimes  ${targets.map((t) => t.version).join(', ')}; ${availableParallelism()} CPUs, ` +
        `${connections} connections, ${rounds} rounds × ${duration} s per runtime after ${warmup} s warm-up; ` +
        (PIN ? 'servers on CPU 1, load (autocannon) on CPU 0' : 'no CPU pinning'),
    )
    console.log('request: POST /reality/sync, full form (uuid clientId, mode, hint), 10 known keys, 1 changed\n')
    for (const target of targets) await load(SELF, target, warmup, connections)
    const results = Object.fromEntries(targets.map((target) => [target.name, []]))
    for (let round = 0; round < rounds; round++) {
      const order = targets.map((_, i) => targets[(i + round) % targets.length])
      for (const target of order) {
        const result = await load(SELF, target, duration, connections)
        results[target.name].push(result)
        console.log(
          `round ${round + 1}  ${target.name.padEnd(5)} ${result.rps.toFixed(0).padStart(6)} req/s` +
            `  p50 ${String(result.p50).padStart(2)} ms  p99 ${String(result.p99).padStart(3)} ms`,
        )
      }
    }
    console.log('\nmedians over rounds')
    const summary = {}
    for (const target of targets) {
      const runs = results[target.name]
      summary[target.name] = { rps: median(runs.map((r) => r.rps)), p50: median(runs.map((r) => r.p50)) }
      const s = summary[target.name]
      console.log(`  ${target.label.padEnd(46)} ${s.rps.toFixed(0).padStart(6)} req/s  p50 ${s.p50} ms`)
    }
    console.log('')
    for (const name of ['bun', 'deno'])
      console.log(`${name}/node  ${(summary[name].rps / summary.node.rps).toFixed(2)}×`)
  } finally {
    await Promise.all(children.map(stop))
  }
}

await (option('role', undefined) === 'load' ? runLoadRole() : main())
