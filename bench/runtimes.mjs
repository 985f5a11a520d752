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
import { execFileSync, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const SELF = fileURLToPath(import.meta.url)
const RUNTIMES = `${ROOT}packages/reality-server/test/runtimes/`
const KEYS = Array.from({ length: 10 }, (_, i) => `bench:room:${i}`)
const TOKEN = randomUUID()

const option = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`)
  return at === -1 ? fallback : process.argv[at + 1]
}

/** Each runtime: how to start its server script, and which of the script's servers to load. */
const SERVERS = [
  {
    name: 'node',
    label: 'Node, direct node:http handler',
    command: process.execPath,
    args: [`${RUNTIMES}node/server.mjs`],
    port: 'main',
  },
  {
    name: 'bun',
    label: "Bun, Bun.serve + getFetchHandler('/reality')",
    command: `${ROOT}node_modules/.bin/bun`,
    args: ['run', `${RUNTIMES}bun/server.ts`],
    port: 'guide',
  },
  {
    name: 'deno',
    label: "Deno, Deno.serve + getFetchHandler('/reality')",
    command: `${ROOT}node_modules/.bin/deno`,
    args: [
      'run',
      '--no-lock',
      '--no-prompt',
      '--cached-only',
      '--allow-net=127.0.0.1',
      `--allow-read=${ROOT}`,
      '--allow-env',
      `${RUNTIMES}deno/server.ts`,
    ],
    port: 'guide',
  },
]

/** The load generator role: one autocannon run, one JSON line of figures. */
const runLoad = async () => {
  const { default: autocannon } = await import('autocannon')
  const config = JSON.parse(process.env.BENCH_LOAD)
  const result = await autocannon({
    url: config.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: config.body,
    connections: config.connections,
    duration: config.duration,
    pipelining: 1,
  })
  process.stdout.write(
    `${JSON.stringify({
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
    })}\n`,
  )
}

const canPin = () => {
  if (process.argv.includes('--no-pin') || availableParallelism() < 2) return false
  try {
    execFileSync('taskset', ['-c', '0', 'true'])
    return true
  } catch {
    return false
  }
}
const PIN = canPin()

/** Spawns a child (on `cpu` when pinning) and resolves with the first stdout line that starts with `{`. */
const start = (command, args, { cpu, env = {} }) => {
  const [bin, argv] = PIN ? ['taskset', ['-c', String(cpu), command, ...args]] : [command, args]
  const child = spawn(bin, argv, {
    cwd: ROOT,
    env: { ...process.env, DENO_DIR: `${ROOT}node_modules/.cache/deno`, DENO_NO_UPDATE_CHECK: '1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  const line = new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk
      const found = out.split('\n').find((candidate, i, all) => candidate.startsWith('{') && i < all.length - 1)
      if (found) resolve(JSON.parse(found))
    })
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code} before it was ready: ${out}`)))
  })
  return { child, line }
}

const stop = (child) =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', resolve)
    child.kill('SIGTERM')
  })

const post = async (url, body, headers = {}) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  })
  return { status: response.status, text: await response.text() }
}

/** Starts a runtime's server, writes the 10 keys, and checks the bench request reports exactly one change. */
const startServer = async (server, children) => {
  const { child, line } = start(server.command, server.args, { cpu: 1, env: { REALITY_ADMIN_TOKEN: TOKEN } })
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

const load = async (target, duration, connections) => {
  const config = { url: target.url, body: target.body, duration, connections }
  const { line } = start(process.execPath, [SELF, '--role', 'load'], {
    cpu: 0,
    env: { BENCH_LOAD: JSON.stringify(config) },
  })
  const result = await line
  if (result.non2xx || result.errors)
    throw new Error(`${target.name}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return result
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
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
    for (const target of targets) await load(target, warmup, connections)
    const results = Object.fromEntries(targets.map((target) => [target.name, []]))
    for (let round = 0; round < rounds; round++) {
      const order = targets.map((_, i) => targets[(i + round) % targets.length])
      for (const target of order) {
        const result = await load(target, duration, connections)
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

await (option('role', undefined) === 'load' ? runLoad() : main())
