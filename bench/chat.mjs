#!/usr/bin/env node
/**
 * @module
 * `npm run bench:chat`: the chat example's figures, the Reality chat and its WebSocket baseline measured in one run.
 *
 *   throughput  room events appended and made visible per second, with the server on one core: writers post
 *               commands (one per request, then 50 per request as an offline flush or a busy room sends them)
 *               while readers follow the room the way the client does (sync → fetch only the unseen events). An
 *               event counts once every reader holds it; append→visible latency is measured per event. The
 *               WebSocket baseline gets the same writers (frames) and readers (sockets the server pushes to).
 *   core        the same without HTTP: ChatService (validate, append, fold, snapshot) plus RealityServer.updateNode
 *               per write and a reader (handleSync + tail read) after every write, in one process on one core.
 *               The shared chat core is TypeScript: it is bundled in memory with esbuild for this.
 *               The readers' sockets go through a counting TCP proxy: bytes per delivered message = every byte
 *               the readers sent and received (headers and frames) / (events × readers).
 *   idle        server RSS with --members idle members in the room: Reality members sync (with the presence
 *               heartbeat header) at the chat's idle freshness cadence, once a second, each on its own keep-alive
 *               connection; WebSocket members hold a socket that said hello and joined the room.
 *   join        bytes a new client downloads to open a room with 10,000 events of history (room list, sync,
 *               snapshot + tail, presence, typing), against the bytes of that whole history.
 *
 * Servers are the built examples (`dist-server/main.js`) in child processes; with taskset and 2+ cores the server
 * runs on CPU 1 and the load on CPU 0. Options: --events 30000 --batched-events 200000 --writers 32 --readers 2
 * --history 10000 --members 1000
 * --core-events 100000 --core-batched-events 500000 --no-pin
 */
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { median, percentile, waitFor } from '@reality-internal/test-utils'
import { option } from './support/args.mjs'
import { countingProxy } from './support/counting-proxy.mjs'
import { rssMB } from './support/proc.mjs'
import { PIN, ready, start, stop } from './support/processes.mjs'
import { startResults } from './support/results.mjs'

const SELF = fileURLToPath(import.meta.url)
const SERVERS = {
  reality: fileURLToPath(new URL('../examples/react-chat/dist-server/main.js', import.meta.url)),
  websocket: fileURLToPath(new URL('../examples/websocket-chat/dist-server/main.js', import.meta.url)),
}
const ROOM = 'random'
const ROOM_KEY = `chat:room:${ROOM}`

/** Signs in as `name` (the server runs with CHAT_RATE_LIMIT=off); returns the headers a write needs. */
const signIn = async (url, name) => {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ name }),
  })
  if (!response.ok) throw new Error(`sign-in: ${response.status}`)
  return { origin: url, cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] }
}

// HTTP CLIENT (keep-alive, no fetch overhead)

const agent = new Agent({ keepAlive: true, maxSockets: 256 })
const http = (base, method, path, body, headers = {}) =>
  new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body)
    const req = request(
      `${base}${path}`,
      {
        method,
        agent,
        headers: payload
          ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers }
          : headers,
      },
      (res) => {
        const chunks = []
        res.on('data', (chunk) => chunks.push(chunk))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          if (res.statusCode >= 400) reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`))
          else resolve({ text, bytes: Buffer.byteLength(text), json: () => (text ? JSON.parse(text) : undefined) })
        })
      },
    )
    req.on('error', reject)
    req.end(payload)
  })

/** `count` new messages; the text carries the send time, for append→visible latency. */
const messages = (count, writer) =>
  Array.from({ length: count }, (_, i) => ({
    type: 'message.sent',
    id: `b-${writer}-${randomUUID()}`,
    text: `t=${Date.now()} bench message ${i}`,
    hlc: { wall: Date.now(), count: i, node: `bench-${writer}` },
  }))

const sentAt = (text) => Number(/^t=(\d+)/.exec(text)?.[1])

// ROLES (child processes on the load CPU)

/**
 * Writers: autocannon (an HTTP client fast enough not to be the bottleneck) posting unique commands on
 * `writers` keep-alive connections. Readers: sync + fetch the tail back to back, like clients at their quickest cadence.
 */
const realityLoad = async ({ url, events, batch, writers, readers }) => {
  const { default: autocannon } = await import('autocannon')
  const proxy = await countingProxy(Number(new URL(url).port))
  const total = Math.floor(events / batch) * batch
  const latencies = []
  const base = (await http(url, 'GET', `/api/rooms/${ROOM}/events?after=0`)).json().head
  let target = Number.POSITIVE_INFINITY
  const reader = async (id) => {
    let seq = base
    let version = 0
    let syncs = 0
    let fetches = 0
    const clientId = randomUUID()
    while (seq < target) {
      const reply = (
        await http(proxy.url, 'POST', '/reality/sync', {
          known: { [ROOM_KEY]: version },
          clientId,
          mode: 'native',
          hint: 'idle',
        })
      ).json()
      syncs++
      const changed = reply.changed[ROOM_KEY]
      if (!changed) continue
      version = changed.version
      const tail = (await http(proxy.url, 'GET', `/api/rooms/${ROOM}/events?after=${seq}`)).json()
      fetches++
      const now = Date.now()
      if (id === 0) {
        // A reader more than one snapshot interval behind gets the snapshot window + tail: count both.
        const fresh = (tail.snapshot?.messages ?? []).filter((message) => message.seq > seq).map((m) => m.text)
        for (const event of tail.events) if (event.type === 'message.sent' && event.seq > seq) fresh.push(event.text)
        for (const text of fresh) latencies.push(now - sentAt(text))
      }
      seq = tail.head
    }
    return { syncs, fetches }
  }
  const sessions = await Promise.all(Array.from({ length: writers }, (_, i) => signIn(url, `Writer ${i}`)))
  const started = performance.now()
  const readerRuns = Array.from({ length: readers }, (_, i) => reader(i))
  let made = 0
  const result = await autocannon({
    url,
    connections: writers,
    amount: total / batch,
    requests: [
      {
        method: 'POST',
        path: `/api/rooms/${ROOM}/commands`,
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => {
          const writer = made++ % writers
          const headers = { ...req.headers, ...sessions[writer] }
          return { ...req, headers, body: JSON.stringify({ commands: messages(batch, writer) }) }
        },
      },
    ],
  })
  if (result.non2xx || result.errors) throw new Error(`writers: ${result.non2xx} non-2xx, ${result.errors} errors`)
  target = base + total
  const stats = await Promise.all(readerRuns)
  const seconds = (performance.now() - started) / 1000
  const head = (await http(url, 'GET', `/api/rooms/${ROOM}/events?after=${base + total}`)).json().head
  if (head !== base + total) throw new Error(`expected head ${base + total}, server has ${head}`)
  ready({
    events: total,
    seconds,
    perSecond: total / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    syncs: stats.reduce((sum, s) => sum + s.syncs, 0),
    fetches: stats.reduce((sum, s) => sum + s.fetches, 0),
    bytesPerDelivered: proxy.bytes() / (total * readers),
  })
}

const openSocket = async (url, actor) => {
  const { WebSocket } = await import('ws')
  const socket = new WebSocket(`${url.replace('http', 'ws')}/ws`)
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
  socket.send(JSON.stringify({ type: 'hello', actor, tab: randomUUID() }))
  return socket
}

/** The same load over the WebSocket baseline: frames in, pushes out. */
const websocketLoad = async ({ url, events, batch, writers, readers }) => {
  const proxy = await countingProxy(Number(new URL(url).port))
  const total = Math.floor(events / batch) * batch
  const latencies = []
  let base = -1
  let startedAt = 0
  let joined = 0
  const done = Array.from({ length: readers }, (_, id) =>
    openSocket(proxy.url, { id: `u-reader-${id}`, name: `Reader ${id}` }).then(
      (socket) =>
        new Promise((resolve) => {
          let seq = 0
          let heard = false
          socket.on('message', (data) => {
            const frame = JSON.parse(data.toString())
            if (frame.type !== 'events') return
            if (!heard) joined++ // the join's answer: this reader holds the head
            heard = true
            if (base < 0) base = frame.head
            const now = Date.now()
            for (const event of frame.events)
              if (id === 0 && event.seq > base && event.type === 'message.sent')
                latencies.push(now - sentAt(event.text))
            seq = frame.head
            if (startedAt && seq >= base + total) resolve(socket)
          })
          socket.send(JSON.stringify({ type: 'join', room: ROOM }))
        }),
    ),
  )
  await waitFor(() => joined === readers, { every: 5, timeout: 30_000, message: 'every reader to join' })
  let issued = 0
  let ref = 0
  startedAt = performance.now()
  await Promise.all(
    Array.from({ length: writers }, async (_, id) => {
      const socket = await openSocket(url, { id: `u-writer-${id}`, name: `Writer ${id}` })
      const waiting = new Map()
      socket.on('message', (data) => {
        const frame = JSON.parse(data.toString())
        if (frame.type === 'results') waiting.get(frame.ref)?.(frame.results)
      })
      // Like HTTP pipelining depth 1 per connection, but a socket may keep several frames in flight: 4 here.
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (issued < total) {
            issued += batch
            const mine = ++ref
            const results = await new Promise((resolve) => {
              waiting.set(mine, resolve)
              socket.send(JSON.stringify({ type: 'commands', ref: mine, room: ROOM, commands: messages(batch, id) }))
            })
            if (!results.every((result) => result.ok)) throw new Error('refused')
          }
        }),
      )
      socket.close()
    }),
  )
  const sockets = await Promise.all(done)
  const seconds = (performance.now() - startedAt) / 1000
  for (const socket of sockets) socket.close()
  ready({
    events: total,
    seconds,
    perSecond: total / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    bytesPerDelivered: proxy.bytes() / (total * readers),
  })
}

/** Idle members of the room, kept alive until the parent stops this process; ready once all have joined. */
const membersLoad = async ({ url, kind, members }) => {
  const started = []
  for (let i = 0; i < members; i++) {
    const actor = { id: `u-idle-${i}`, name: `Idle ${i}` }
    started.push(kind === 'reality' ? realityMember(url, actor) : websocketMember(url, actor))
    if (started.length % 100 === 0) await Promise.all(started.slice(-100))
  }
  await Promise.all(started)
  ready({ members })
}

/** A visible, passive Reality tab: joins, then syncs its room's keys once a second with the presence heartbeat. */
const realityMember = async (url, actor) => {
  const memberAgent = new Agent({ keepAlive: true, maxSockets: 1 })
  const tab = randomUUID()
  const clientId = randomUUID()
  const keys = [ROOM_KEY, `${ROOM_KEY}:presence`, `${ROOM_KEY}:typing`]
  const known = Object.fromEntries(keys.map((key) => [key, 0]))
  const presence = encodeURIComponent(JSON.stringify({ tab, actor, room: ROOM }))
  const sync = (hint) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({ known, clientId, mode: 'native', hint })
      const req = request(
        `${url}/reality/sync`,
        {
          method: 'POST',
          agent: memberAgent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-chat-presence': presence,
          },
        },
        (res) => {
          let text = ''
          res.setEncoding('utf8').on('data', (chunk) => {
            text += chunk
          })
          res.on('end', () => {
            for (const [key, meta] of Object.entries(JSON.parse(text).changed ?? {})) known[key] = meta.version
            resolve()
          })
        },
      )
      req.on('error', reject)
      req.end(body)
    })
  await new Promise((resolve, reject) =>
    request(`${url}/api/rooms/${ROOM}/events`, { agent: memberAgent }, (res) => res.resume().on('end', resolve))
      .on('error', reject)
      .end(),
  )
  await sync('mount')
  setTimeout(() => setInterval(() => sync('idle').catch(() => {}), 1000), Math.random() * 1000)
}

/** A WebSocket tab: hello, join, then nothing but holding the socket. */
const websocketMember = async (url, actor) => {
  const socket = await openSocket(url, actor)
  await new Promise((resolve) => {
    socket.on('message', (data) => {
      if (JSON.parse(data.toString()).type === 'events') resolve()
    })
    socket.send(JSON.stringify({ type: 'join', room: ROOM }))
  })
}

/** Server RSS (median of 1 s samples over 5 s) with `members` idle members, against the fresh server's own. */
const idleMemory = async (kind, members) => {
  const server = await startServer(kind)
  try {
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const baselineMB = rssMB(server.child.pid)
    const { child, ready: line } = start(process.execPath, [SELF, '--role', 'members-load'], {
      cpu: 0,
      env: { BENCH_CONFIG: JSON.stringify({ url: server.url, kind, members }) },
      pick: firstLine,
    })
    try {
      await line
      await new Promise((resolve) => setTimeout(resolve, 3000))
      const samples = []
      for (let i = 0; i < 5; i++) {
        await new Promise((resolve) => setTimeout(resolve, 1000))
        samples.push(rssMB(server.child.pid))
      }
      const rss = median(samples)
      return { kind, members, baselineMB, rssMB: rss, perMemberKB: ((rss - baselineMB) * 1024) / members }
    } finally {
      await stop(child)
    }
  } finally {
    await stop(server.child)
  }
}

/** In-process: the chat core and Reality on one core, no network. */
const coreLoad = async ({ events, batch }) => {
  const { build } = await import('esbuild')
  const bundled = await build({
    entryPoints: [fileURLToPath(new URL('../examples/chat-shared/src/server/index.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
  })
  const core = await import(
    `data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`
  )
  const { createRealityServer } = await import('@rootlodge/reality-server')
  const reality = createRealityServer({ serverId: 'bench-core' })
  const chat = await core.ChatService.create({
    store: new core.MemoryChatStore(),
    welcome: false,
    moderation: { rateLimit: { burst: Number.MAX_SAFE_INTEGER, perSecond: Number.MAX_SAFE_INTEGER } },
    onChange: async (changes) => {
      for (const change of changes) await reality.updateNode(`chat:room:${change.room}:${change.what}`, change.hash)
    },
  })
  const actor = { id: 'u-core', name: 'Core' }
  const key = `chat:room:${ROOM}:log`
  let version = 0
  let seen = 0
  const total = Math.floor(events / batch) * batch
  const started = performance.now()
  for (let done = 0; done < total; done += batch) {
    await chat.execute(ROOM, actor, messages(batch, 0))
    // A reader after every write: is there something new? then read only what it has not seen.
    const changed = (await reality.handleSync({ known: { [key]: version } })).changed[key]
    if (changed) {
      version = changed.version
      seen = chat.events(ROOM, seen).head
    }
  }
  const seconds = (performance.now() - started) / 1000
  if (seen !== total) throw new Error(`reader saw ${seen} of ${total}`)
  ready({ events: total, seconds, perSecond: total / seconds })
}

// PARENT

/** Both the servers and the roles announce themselves in their first line. */
const firstLine = (line) => line

const startServer = async (kind) => {
  if (!existsSync(SERVERS[kind])) throw new Error(`${SERVERS[kind]} is missing: run npm run build:examples`)
  const { child, ready: line } = start(process.execPath, [SERVERS[kind]], {
    cpu: 1,
    env: { PORT: '0', HOST: '127.0.0.1', CHAT_RATE_LIMIT: 'off' },
    pick: firstLine,
  })
  const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(await line)?.[1]
  return { child, url }
}

const runRole = async (role, config, cpu = 0) => {
  const { child, ready: line } = start(process.execPath, [SELF, '--role', role], {
    cpu,
    env: { BENCH_CONFIG: JSON.stringify(config) },
    pick: firstLine,
  })
  const result = JSON.parse(await line)
  await stop(child)
  return result
}

/** 10,000 events of a lively room: messages, reactions, edits and deletes by 20 people, 100 per request. */
const seedHistory = async (url, history) => {
  const actors = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(url, `Person ${i}`)))
  const own = actors.map(() => [])
  const all = []
  let made = 0
  for (let round = 0; made < history; round++) {
    const who = round % actors.length
    const commands = []
    for (let i = 0; i < 100 && made < history; i++, made++) {
      const roll = Math.random()
      const mine = own[who]
      const hlc = { wall: Date.now(), count: made, node: `seed-${who}` }
      if (roll < 0.15 && all.length) {
        const target = all[Math.floor(Math.random() * all.length)]
        commands.push({ type: 'reaction.added', id: target, emoji: '👍', tag: `r-${made}` })
      } else if (roll < 0.25 && mine.length) {
        commands.push({
          type: 'message.edited',
          id: mine[Math.floor(Math.random() * mine.length)],
          text: `edited ${made}`,
          hlc,
        })
      } else if (roll < 0.28 && mine.length) {
        commands.push({ type: 'message.deleted', id: mine.pop(), hlc })
      } else {
        const id = `seed-${made}`
        commands.push({
          type: 'message.sent',
          id,
          text: `history message ${made}: a sentence of ordinary length for a chat`,
          hlc,
        })
        mine.push(id)
        all.push(id)
      }
    }
    const { results } = (await http(url, 'POST', `/api/rooms/${ROOM}/commands`, { commands }, actors[who])).json()
    if (!results.every((result) => result.ok))
      throw new Error(`seed refused: ${JSON.stringify(results.find((r) => !r.ok))}`)
  }
}

const joinCost = async (url, history) => {
  await seedHistory(url, history)
  const responses = {
    rooms: await http(url, 'GET', '/api/rooms'),
    sync: await http(url, 'POST', '/reality/sync', {
      known: Object.fromEntries(
        ['general', 'random', 'engineering', 'design']
          .map((room) => [`chat:room:${room}`, 0])
          .concat([
            [`${ROOM_KEY}:presence`, 0],
            [`${ROOM_KEY}:typing`, 0],
          ]),
      ),
      clientId: randomUUID(),
      mode: 'native',
      hint: 'mount',
    }),
    join: await http(url, 'GET', `/api/rooms/${ROOM}/events`),
    presence: await http(url, 'GET', `/api/rooms/${ROOM}/presence`),
    typing: await http(url, 'GET', `/api/rooms/${ROOM}/typing`),
  }
  const join = responses.join.json()
  let full = 0
  let fullGzip = 0
  let fetched = 0
  for (let before = join.head + 1; ; ) {
    const page = await http(url, 'GET', `/api/rooms/${ROOM}/log?before=${before}&limit=500`)
    const { events, hasOlder } = page.json()
    full += page.bytes
    fullGzip += gzipSync(page.text).length
    fetched += events.length
    if (!hasOlder || events.length === 0) break
    before = events[0].seq
  }
  const texts = Object.values(responses).map((response) => response.text)
  return {
    head: join.head,
    snapshotSeq: join.snapshot.seq,
    windowMessages: join.snapshot.messages.length,
    tailEvents: join.events.length,
    joinBytes: responses.join.bytes,
    totalBytes: texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0),
    totalGzip: texts.reduce((sum, text) => sum + gzipSync(text).length, 0),
    requests: texts.length,
    historyEvents: fetched,
    historyBytes: full,
    historyGzip: fullGzip,
  }
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`
const fmt = (value) => Math.round(value).toLocaleString('en-US')

const main = async () => {
  const events = Number(option('events', 30_000))
  const batchedEvents = Number(option('batched-events', 200_000))
  const writers = Number(option('writers', 32))
  const readers = Number(option('readers', 2))
  const history = Number(option('history', 10_000))
  const members = Number(option('members', 1000))
  const coreEvents = Number(option('core-events', 100_000))
  const coreBatched = Number(option('core-batched-events', 500_000))
  const record = startResults('chat', {
    events,
    batchedEvents,
    writers,
    readers,
    history,
    members,
    coreEvents,
    coreBatched,
    pinned: PIN,
  })
  console.log(
    `bench:chat  Node ${process.version}, ${availableParallelism()} CPUs; ` +
      (PIN ? 'server on CPU 1, writers and readers on CPU 0' : 'no CPU pinning') +
      `; ${writers} writers, ${readers} readers, memory store\n`,
  )
  const rows = []
  for (const [label, batch, count] of [
    ['1 event per request', 1, events],
    ['50 events per request', 50, batchedEvents],
  ]) {
    for (const kind of ['reality', 'websocket']) {
      const server = await startServer(kind)
      try {
        const result = await runRole(`${kind}-load`, { url: server.url, events: count, batch, writers, readers })
        rows.push({ kind, label, ...result })
      } finally {
        await stop(server.child)
      }
    }
  }
  const core = []
  for (const batch of [1, 50])
    core.push({ batch, ...(await runRole('core-load', { events: batch === 1 ? coreEvents : coreBatched, batch }, 1)) })
  console.log('throughput: events appended and visible to every reader, per second (server on one core)')
  for (const row of rows) {
    const extra = row.syncs ? `  (${fmt(row.syncs)} syncs, ${fmt(row.fetches)} tail fetches)` : ''
    console.log(
      `  ${(row.kind === 'reality' ? 'Reality (HTTP sync + tail)' : 'WebSocket baseline (push)').padEnd(28)} ${row.label.padEnd(22)} ` +
        `${fmt(row.perSecond).padStart(8)} events/s   append→visible p50 ${fmt(row.p50)} ms, p95 ${fmt(row.p95)} ms, ` +
        `${fmt(row.bytesPerDelivered)} B per delivered message${extra}`,
    )
  }
  for (const row of core) {
    console.log(
      `  ${'chat core + Reality, no HTTP'.padEnd(28)} ${`${row.batch} event${row.batch > 1 ? 's' : ''} per write`.padEnd(22)} ` +
        `${fmt(row.perSecond).padStart(8)} events/s   (one process, one core; a reader checks after every write)`,
    )
  }
  const idleMembers = []
  for (const kind of ['reality', 'websocket']) idleMembers.push(await idleMemory(kind, members))
  console.log(`\nidle: server RSS with ${fmt(members)} idle members in #${ROOM}`)
  for (const row of idleMembers)
    console.log(
      `  ${row.kind.padEnd(10)} ${row.rssMB.toFixed(0)} MB (fresh server ${row.baselineMB.toFixed(0)} MB, ` +
        `${row.perMemberKB.toFixed(2)} KB per member)`,
    )
  const server = await startServer('reality')
  let join
  try {
    join = await joinCost(server.url, history)
    console.log(`\njoin: a new client opens #${ROOM} holding ${fmt(join.head)} events of history`)
    console.log(
      `  snapshot #${join.snapshotSeq} (latest ${join.windowMessages} messages) + ${join.tailEvents} events: ${kb(join.joinBytes)}`,
    )
    console.log(
      `  everything to show the room (${join.requests} requests: rooms, sync, snapshot + tail, presence, typing): ` +
        `${kb(join.totalBytes)} (${kb(join.totalGzip)} gzipped)`,
    )
    console.log(
      `  the whole history instead (${fmt(join.historyEvents)} events): ${kb(join.historyBytes)} (${kb(join.historyGzip)} gzipped), ` +
        `${(join.historyBytes / join.totalBytes).toFixed(0)}× more`,
    )
  } finally {
    await stop(server.child)
  }
  record.save({
    method:
      'chat examples (built servers, memory store) in turn: throughput with bytes per delivered message counted on ' +
      "the readers' sockets, idle-member memory, join cost",
    throughput: rows,
    core,
    idleMembers,
    join,
  })
}

const role = process.argv.indexOf('--role')
if (role !== -1) {
  const config = JSON.parse(process.env.BENCH_CONFIG)
  const run = {
    'reality-load': realityLoad,
    'websocket-load': websocketLoad,
    'core-load': coreLoad,
    'members-load': membersLoad,
  }[process.argv[role + 1]]
  await run(config)
  // Idle members stay until the parent stops them; the other roles are done once they printed their figures.
  if (process.argv[role + 1] !== 'members-load') process.exit(0)
} else {
  await main()
}
