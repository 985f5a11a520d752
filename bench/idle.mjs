#!/usr/bin/env node
import { execFileSync } from 'node:child_process'
/**
 * @module
 * `npm run bench:idle`: what N subscribed, idle clients cost a server, for Reality and three connection-holding
 * alternatives, measured in one run.
 *
 *   reality    the built `createNodeHandler` on memory storage. A client holds no connection: it syncs its one
 *              key once at start, then about once a minute (a random phase per client), each sync on a new TCP
 *              connection (`agent: false`), like a page whose keep-alive connection has long been closed.
 *   socket.io  `new Server(httpServer)` with its defaults; clients are `socket.io-client` with its defaults
 *              (long-polling first, then the upgrade to WebSocket; pings every 25 s).
 *   ws         `WebSocketServer({ server })` with its defaults; the server keeps a set of sockets per topic.
 *   sse        a node:http handler holding each `text/event-stream` response open, a comment as heartbeat every 15 s.
 *
 * Every client subscribes to one of 100 topics and is counted once the server acknowledged it (Reality: its first
 * sync answered). Each (system, N) gets a fresh server process; the clients run in separate processes of at most
 * --per-process clients. The server's RSS is sampled once a second over the idle window (median reported) and its
 * CPU is the CPU time it used in that window. With taskset and 2+ cores the server runs on CPU 1, the clients on
 * CPU 0. Every process is started through `sh -c 'ulimit -n "$(ulimit -Hn)"; exec node …'`: the soft file
 * descriptor limit is raised to the hard limit, and the run stops if that is below what N needs.
 *
 * Options: --counts 1000,5000,10000 --systems reality,socket.io,ws,sse --window 15 --per-process 2500 --no-pin
 */
import { randomUUID } from 'node:crypto'
import { createServer, request } from 'node:http'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { median } from '@reality-internal/test-utils'
import { option } from './support/args.mjs'
import { cpuSeconds, rssMB } from './support/proc.mjs'
import { PIN, ready, start, stop } from './support/processes.mjs'
import { startResults } from './support/results.mjs'

const SELF = fileURLToPath(import.meta.url)
const SERVER_DIST = fileURLToPath(new URL('../packages/reality-server/dist/index.js', import.meta.url))
const TOPICS = Array.from({ length: 100 }, (_, i) => `topic:${i}`)
const SSE_HEARTBEAT_MS = 15_000
const REALITY_PERIOD_MS = 60_000
const SYSTEMS = ['reality', 'socket.io', 'ws', 'sse']
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

// SERVER ROLE: one system on a free port, printing { port } when listening.

const servers = {
  async reality() {
    const { createNodeHandler, createRealityServer, MemoryStorage } = await import(SERVER_DIST)
    const reality = createRealityServer({ serverId: 'bench-idle' }, new MemoryStorage())
    await reality.invalidateMany(TOPICS)
    return createServer(createNodeHandler(reality))
  },
  async 'socket.io'() {
    const { Server } = await import('socket.io')
    const server = createServer()
    new Server(server).on('connection', (socket) =>
      socket.on('subscribe', (topic, ack) => {
        socket.join(topic)
        ack('ok')
      }),
    )
    return server
  },
  async ws() {
    const { WebSocketServer } = await import('ws')
    const server = createServer()
    const topics = new Map(TOPICS.map((topic) => [topic, new Set()]))
    new WebSocketServer({ server }).on('connection', (socket) => {
      socket.once('message', (data) => {
        const members = topics.get(JSON.parse(data.toString()).topic)
        members.add(socket)
        socket.once('close', () => members.delete(socket))
        socket.send('{"subscribed":true}')
      })
    })
    return server
  },
  async sse() {
    const topics = new Map(TOPICS.map((topic) => [topic, new Set()]))
    const server = createServer((req, res) => {
      const members = topics.get(new URL(req.url, 'http://x').searchParams.get('topic'))
      if (!members) return res.writeHead(404).end()
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
      res.write(': subscribed\n\n')
      members.add(res)
      req.once('close', () => members.delete(res))
    })
    setInterval(() => {
      for (const members of topics.values()) for (const res of members) res.write(': heartbeat\n\n')
    }, SSE_HEARTBEAT_MS)
    return server
  },
}

const runServer = async (system) => {
  const server = await servers[system]()
  server.listen(0, '127.0.0.1', () => ready({ port: server.address().port }))
}

// CLIENTS ROLE: `count` clients of one system, printing { connected } once all are subscribed.

/** One Reality sync on a fresh connection: the full protocol form, one known key. */
const realitySync = (url, client, hint) =>
  new Promise((resolve, reject) => {
    const body = JSON.stringify({
      known: { [client.topic]: client.version },
      clientId: client.id,
      mode: 'native',
      hint,
    })
    const req = request(
      `${url}/reality/sync`,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8').on('data', (chunk) => {
          text += chunk
        })
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`sync: ${res.statusCode} ${text}`))
          const changed = JSON.parse(text).changed[client.topic]
          if (changed) client.version = changed.version
          resolve()
        })
      },
    )
    req.on('error', reject)
    req.end(body)
  })

const clients = {
  async reality(url, topic) {
    const client = { id: randomUUID(), topic, version: 0 }
    await realitySync(url, client, 'mount')
    const again = () => realitySync(url, client, 'idle').catch((error) => console.error(error.message))
    setTimeout(() => {
      again()
      setInterval(again, REALITY_PERIOD_MS)
    }, Math.random() * REALITY_PERIOD_MS)
  },
  async 'socket.io'(url, topic) {
    const { io } = await import('socket.io-client')
    // Subscribe on every (re)connect: under load a default client may drop and reconnect during its upgrade.
    await new Promise((resolve) =>
      io(url).on('connect', function subscribe() {
        this.emit('subscribe', topic, resolve)
      }),
    )
  },
  async ws(url, topic) {
    const { WebSocket } = await import('ws')
    const socket = new WebSocket(url.replace('http', 'ws'))
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
    socket.send(JSON.stringify({ topic }))
    await new Promise((resolve) => socket.once('message', resolve))
  },
  sse(url, topic) {
    return new Promise((resolve, reject) => {
      const req = request(`${url}/events?topic=${encodeURIComponent(topic)}`, { agent: false }, (res) => {
        res.setEncoding('utf8').once('data', resolve)
        res.on('data', () => {})
      })
      req.on('error', reject)
      req.end()
    })
  },
}

const runClients = async ({ system, url, count, offset }) => {
  for (let done = 0; done < count; ) {
    const batch = Math.min(100, count - done)
    await Promise.all(
      Array.from({ length: batch }, (_, i) => clients[system](url, TOPICS[(offset + done + i) % TOPICS.length])),
    )
    done += batch
  }
  ready({ connected: count })
}

// PARENT

/** A node process of this script with its soft fd limit raised to the hard limit. */
const spawnRole = (args, cpu, env = {}) =>
  start('sh', ['-c', 'ulimit -n "$(ulimit -Hn)" && exec "$@"', 'sh', process.execPath, SELF, ...args], { cpu, env })

const hardFdLimit = () => Number(execFileSync('sh', ['-c', 'ulimit -Hn']).toString().trim())

const measure = async (system, count, window, perProcess) => {
  const server = spawnRole(['--role', 'server', '--system', system], 1)
  const { port } = await server.ready
  const url = `http://127.0.0.1:${port}`
  const workers = []
  try {
    await sleep(1000)
    const baseline = rssMB(server.child.pid)
    const connectStart = performance.now()
    for (let offset = 0; offset < count; offset += perProcess) {
      const config = { system, url, count: Math.min(perProcess, count - offset), offset }
      workers.push(spawnRole(['--role', 'clients'], 0, { BENCH_CONFIG: JSON.stringify(config) }))
    }
    await Promise.all(workers.map((worker) => worker.ready))
    const connectSeconds = (performance.now() - connectStart) / 1000
    await sleep(2000) // let the last handshakes and upgrades finish
    const samples = []
    const cpuBefore = cpuSeconds(server.child.pid)
    const started = performance.now()
    for (let s = 0; s < window; s++) {
      await sleep(1000)
      samples.push(rssMB(server.child.pid))
    }
    const cpuPercent = ((cpuSeconds(server.child.pid) - cpuBefore) / ((performance.now() - started) / 1000)) * 100
    const rss = median(samples)
    return {
      system,
      clients: count,
      baselineMB: baseline,
      rssMB: rss,
      rssMaxMB: Math.max(...samples),
      perClientKB: ((rss - baseline) * 1024) / count,
      cpuPercent,
      connectSeconds,
    }
  } finally {
    await Promise.all(workers.map((worker) => stop(worker.child)))
    await stop(server.child)
  }
}

const main = async () => {
  const counts = option('counts', '1000,5000,10000').split(',').map(Number)
  const systems = option('systems', SYSTEMS.join(',')).split(',')
  const window = Number(option('window', 15))
  const perProcess = Number(option('per-process', 2500))
  const limit = hardFdLimit()
  const needed = Math.max(...counts) + 200
  if (limit < needed)
    throw new Error(
      `the hard file descriptor limit is ${limit}, the server needs about ${needed}: raise it (as root: ` +
        '`prlimit --pid $$ --nofile=65536:65536`, or `nofile` in /etc/security/limits.conf) and rerun',
    )
  console.log(
    `bench:idle  Node ${process.version}, ${availableParallelism()} CPUs; ` +
      (PIN ? 'server on CPU 1, clients on CPU 0' : 'no CPU pinning') +
      `; fd limit raised to the hard limit (${limit}); ${window} s idle window; ≤ ${perProcess} clients per process\n`,
  )
  const record = startResults('idle', { counts, systems, window, perProcess, fdLimit: limit, pinned: PIN })
  const rows = []
  for (const count of counts)
    for (const system of systems) {
      const row = await measure(system, count, window, perProcess)
      rows.push(row)
      console.log(
        `${system.padEnd(10)} ${String(count).padStart(6)} clients  RSS ${row.rssMB.toFixed(0).padStart(4)} MB ` +
          `(baseline ${row.baselineMB.toFixed(0)} MB, ${row.perClientKB.toFixed(2)} KB/client)  ` +
          `CPU ${row.cpuPercent.toFixed(1)}%  connected in ${row.connectSeconds.toFixed(1)} s`,
      )
    }
  record.save({
    method:
      'server RSS (median of 1 s samples over the idle window) and CPU (time used in the window / window) with N ' +
      'subscribed idle clients; a fresh server process per (system, N); clients in separate processes',
    rows,
  })
}

const role = option('role', undefined)
if (role === 'server') await runServer(option('system', undefined))
else if (role === 'clients') await runClients(JSON.parse(process.env.BENCH_CONFIG))
else await main()
