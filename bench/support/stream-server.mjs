#!/usr/bin/env node
/**
 * The server of bench/stream.mjs and bench/freshness-cost.mjs: one changing ~10 KB payload, served every way the
 * benches compare, on one port whose sockets count every byte (headers and bodies) in and out:
 *
 *   POST /reality/sync      Reality (built `createNodeHandler`, memory storage), key `stream:payload`
 *   GET  /api/payload       the payload as JSON (naive polling, and the Reality clients' fetcher)
 *   GET  /api/payload-etag  the same with an ETag; `If-None-Match` that matches answers 304
 *   GET  /events            SSE: the current payload at once, then each new one; `POST /heartbeat` writes a comment
 *   WebSocket upgrade       the current payload at once, then each new one (ws defaults, no compression)
 *
 * A second port, not counted, takes the bench's commands: `POST /change` (the next version, pushed to every SSE and
 * WebSocket client before it answers), `POST /heartbeat`, `GET /stats`. Prints { port, control } when listening.
 */
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { WebSocketServer } from 'ws'
import { ready } from './processes.mjs'

const { createNodeHandler, createRealityServer, MemoryStorage } = await import(
  fileURLToPath(new URL('../../packages/reality-server/dist/index.js', import.meta.url))
)
const KEY = 'stream:payload'
const SIZE = Number(process.env.BENCH_PAYLOAD_BYTES ?? 10_240)

/** A JSON payload of about SIZE bytes whose rows depend on the version. */
const payloadOf = (version) => {
  const rows = []
  let text = ''
  for (let i = 0; text.length < SIZE - 40; i++) {
    rows.push({ id: i, label: `row ${i}`, value: (version * 31 + i * 7) % 1000 })
    text = JSON.stringify({ version, rows })
  }
  return text
}

let version = 1
let body = payloadOf(version)
let requests = 0
let pushes = 0
let closedRead = 0
let closedWritten = 0
const sockets = new Set()
const streams = new Set()

const reality = createRealityServer({ serverId: 'bench-stream' }, new MemoryStorage())
await reality.updateNode(KEY, `v${version}`)
const sync = createNodeHandler(reality)

const server = createServer((req, res) => {
  requests++
  if (req.url.startsWith('/reality/')) return sync(req, res)
  if (req.url === '/api/payload') {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' })
    return res.end(body)
  }
  if (req.url === '/api/payload-etag') {
    const etag = `"v${version}"`
    if (req.headers['if-none-match'] === etag) return res.writeHead(304, { etag }).end()
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache', etag })
    return res.end(body)
  }
  if (req.url === '/events') {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
    res.write(`data: ${body}\n\n`)
    streams.add(res)
    req.once('close', () => streams.delete(res))
    return
  }
  res.writeHead(404).end()
})
server.on('connection', (socket) => {
  sockets.add(socket)
  socket.once('close', () => {
    sockets.delete(socket)
    closedRead += socket.bytesRead
    closedWritten += socket.bytesWritten
  })
})
const wss = new WebSocketServer({ server })
wss.on('connection', (socket) => {
  requests++
  socket.send(body)
})

const control = createServer(async (req, res) => {
  if (req.url === '/change') {
    version++
    body = payloadOf(version)
    await reality.updateNode(KEY, `v${version}`)
    for (const stream of streams) stream.write(`data: ${body}\n\n`)
    for (const socket of wss.clients) socket.send(body)
    pushes += streams.size + wss.clients.size
    return res.end(String(version))
  }
  if (req.url === '/heartbeat') {
    for (const stream of streams) stream.write(': heartbeat\n\n')
    return res.end()
  }
  let read = closedRead
  let written = closedWritten
  for (const socket of sockets) {
    read += socket.bytesRead
    written += socket.bytesWritten
  }
  res.end(JSON.stringify({ version, payloadBytes: Buffer.byteLength(body), requests, pushes, read, written }))
})

await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
await new Promise((resolve) => control.listen(0, '127.0.0.1', resolve))
ready({ port: server.address().port, control: control.address().port })
