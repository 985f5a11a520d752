import { ERROR_CODES } from '@rootlodge/reality/types'
import {
  createRealityHttpServer,
  type RealityHttpServer,
  type RealityHttpServerOptions,
} from '@rootlodge/reality-server/node'
import { afterEach, describe, expect, it } from 'vitest'
import { createNodeHandler, createRealityServer, type RealityServerOptions, type RealityStorage } from '../../src'
import { errorBody, send } from '../support/http'
import { HeldStorage, openRaw, parseResponse, type RawConnection, refusedConnection } from '../support/sockets'

/* createRealityHttpServer on real sockets: every limit it sets, observed from the client side. */
describe('createRealityHttpServer', () => {
  const servers: RealityHttpServer[] = []
  const raws: RawConnection[] = []
  afterEach(async () => {
    for (const raw of raws.splice(0)) raw.socket.destroy()
    await Promise.all(servers.splice(0).map((server) => server.close({ timeoutMs: 1 })))
  })

  const start = async (
    options: RealityHttpServerOptions = {},
    storage?: RealityStorage,
    cors?: RealityServerOptions['cors'],
  ) => {
    const http = createRealityHttpServer(createRealityServer({ serverId: 'limits', storage, cors }), options)
    servers.push(http)
    const { port } = await http.listen(0, '127.0.0.1')
    return { http, port, base: `http://127.0.0.1:${port}/reality` }
  }
  const open = async (port: number, localAddress?: string): Promise<RawConnection> => {
    const raw = await openRaw(port, localAddress)
    raws.push(raw)
    return raw
  }

  it('serves syncs and health with the defaults', async () => {
    const { base } = await start()
    expect((await send(`${base}/sync`, { body: { known: {} } })).status).toBe(200)
    expect((await send(`${base}/health`, { method: 'GET' })).status).toBe(200)
  })

  it('closes idle sockets past the per-IP cap while a client from another address gets 200', async () => {
    const { http, port, base } = await start({ maxConnectionsPerIp: 3 })
    const kept = [await open(port), await open(port), await open(port)]
    for (let i = 0; i < 3; i++) expect(await refusedConnection(port)).toBe('')
    expect(http.stats().refusedPerIp).toBe(3)
    expect(kept.every((raw) => !raw.socket.destroyed)).toBe(true)
    // A well-behaved client on another address (127.0.0.2 is loopback too) is served.
    const other = await open(port, '127.0.0.2')
    other.socket.write(`GET ${new URL(base).pathname}/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)
    await other.closed
    expect(parseResponse(other.received()).status).toBe(200)
  })

  it('answers 408 with a JSON body to a body trickling in at 1 byte per 200 ms', async () => {
    const { http, port } = await start({ bodyTimeout: 800, headersTimeout: 1000, requestTimeout: 5000 })
    const raw = await open(port)
    raw.socket.write(
      'POST /reality/sync HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n',
    )
    const trickle = setInterval(() => raw.socket.write(' '), 200)
    await raw.closed
    clearInterval(trickle)
    const reply = parseResponse(raw.received())
    expect(reply.status).toBe(408)
    expect(reply.body).toEqual(errorBody(ERROR_CODES.requestTimeout))
    expect(http.stats().bodyTimeouts).toBe(1)
  })

  it('closes a connection whose headers never complete once headersTimeout passed', async () => {
    const { port } = await start({ headersTimeout: 500, requestTimeout: 2000, bodyTimeout: 1000 })
    const partial = await open(port)
    partial.socket.write('POST /reality/sync HTTP/1.1\r\nHost: x\r\n')
    const silent = await open(port)
    await Promise.all([partial.closed, silent.closed])
    expect(parseResponse(partial.received()).status).toBe(408)
  })

  it('refuses connections past maxConnections while the request in flight completes', async () => {
    const storage = new HeldStorage()
    const { http, port } = await start({ maxConnections: 2, maxConnectionsPerIp: 0 }, storage)
    const busy = await open(port)
    busy.socket.write('GET /reality/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    await storage.entered
    await open(port) // the second and last connection allowed
    expect(await refusedConnection(port)).toBe('')
    expect(http.stats().refusedTotal).toBe(1)
    storage.release()
    await busy.closed
    expect(parseResponse(busy.received()).status).toBe(200)
  })

  it('drains on close(): the request in flight finishes, a new one gets 503 with Retry-After, then every socket is gone', async () => {
    const storage = new HeldStorage()
    const { http, port } = await start({ shutdownRetryAfter: 3 }, storage, { origins: ['https://app.example'] })
    const busy = await open(port)
    busy.socket.write('GET /reality/health HTTP/1.1\r\nHost: x\r\n\r\n')
    await storage.entered
    // A keep-alive connection, idle after its request: closed at once when the drain starts.
    const idle = await open(port)
    idle.socket.write(
      'POST /reality/sync HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n{"known":{}}',
    )
    await idle.until('"changed"')
    const closing = http.close({ timeoutMs: 20_000 })
    const late = await open(port)
    late.socket.write(
      'POST /reality/sync HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n{"known":{}}',
    )
    await late.closed
    const refused = parseResponse(late.received())
    expect(refused.status).toBe(503)
    expect(refused.headers).toContain('retry-after: 3')
    // A page on another origin can read the refusal and its Retry-After.
    expect(refused.headers).toContain('access-control-allow-origin: https://app.example')
    expect(refused.headers).toContain('access-control-expose-headers: retry-after')
    expect(refused.body).toEqual(errorBody(ERROR_CODES.shuttingDown))
    await idle.closed
    storage.release()
    expect(await closing).toEqual({ forced: 0 })
    await busy.closed
    const answered = parseResponse(busy.received())
    expect(answered.status).toBe(200)
    expect(answered.headers).toContain('connection: close')
    expect(http.stats().connections).toBe(0)
    expect(http.http.listening).toBe(false)
  })

  it('cuts what is still in flight when close() times out', async () => {
    const storage = new HeldStorage()
    const { http, port } = await start({}, storage)
    const busy = await open(port)
    busy.socket.write('GET /reality/health HTTP/1.1\r\nHost: x\r\n\r\n')
    await storage.entered
    expect(await http.close({ timeoutMs: 50 })).toEqual({ forced: 1 })
    await busy.closed
    expect(busy.received()).toBe('')
    storage.release()
  })

  it('serves an app of its own through `handler`, with a failure in it answered 500', async () => {
    const errors: unknown[] = []
    const reality = createRealityServer({ onError: (error) => errors.push(error) })
    const sync = createNodeHandler(reality)
    const http = createRealityHttpServer(reality, {
      handler: async (req, res) => {
        if (req.url === '/api/boom') throw new Error('app bug')
        if (req.url === '/api/ping') res.end('pong')
        else await sync(req, res)
      },
    })
    servers.push(http)
    const { port } = await http.listen(0, '127.0.0.1')
    const origin = `http://127.0.0.1:${port}`
    expect((await send(`${origin}/api/ping`, { method: 'GET' })).text).toBe('pong')
    expect((await send(`${origin}/reality/sync`, { body: { known: {} } })).status).toBe(200)
    const failed = await send(`${origin}/api/boom`, { method: 'GET' })
    expect(failed.status).toBe(500)
    expect(failed.body).toEqual(errorBody(ERROR_CODES.internal))
    expect(errors).toHaveLength(1)
  })

  it('rejects timeouts Node would enforce before its own, and caps that would not cap', () => {
    const server = createRealityServer()
    expect(() => createRealityHttpServer(server, { bodyTimeout: 30_000, requestTimeout: 30_000 })).toThrow(RangeError)
    expect(() => createRealityHttpServer(server, { headersTimeout: 0 })).toThrow(RangeError)
    expect(() => createRealityHttpServer(server, { maxConnections: 0 })).toThrow(RangeError)
  })
})
