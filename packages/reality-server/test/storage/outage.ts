import { createServer, type Server } from 'node:http'
import {
  type AddressInfo,
  connect,
  createServer as createTcpServer,
  type Socket,
  type Server as TcpServer,
} from 'node:net'
import { createNodeHandler, RealityServer, type RealityStorage } from '@rootlodge/reality-server'
import { afterEach, describe, expect, it } from 'vitest'

/*
 * Database outages without touching the shared database: the storage connects through a TCP
 * proxy on loopback. Stopping the proxy cuts every open connection and refuses new ones (the
 * database "went away"); starting it again on the same port brings the database "back".
 */

/** Forwards a loopback port to the database; `stop()` cuts every connection at once. */
export class TcpProxy {
  readonly #target: { host: string; port: number }
  readonly #sockets = new Set<Socket>()
  #server: TcpServer | undefined
  port = 0

  constructor(target: { host: string; port: number }) {
    this.#target = target
  }

  async start(port = this.port): Promise<number> {
    const server = createTcpServer((client) => {
      const upstream = connect(this.#target.port, this.#target.host)
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket)
        socket.on('close', () => this.#sockets.delete(socket))
        socket.on('error', () => {
          client.destroy()
          upstream.destroy()
        })
      }
      client.pipe(upstream).pipe(client)
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve())
    })
    this.#server = server
    this.port = (server.address() as AddressInfo).port
    return this.port
  }

  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy()
    this.#sockets.clear()
    const server = this.#server
    this.#server = undefined
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

/** A port nothing listens on (taken from the OS, then released). */
export const closedPort = async (): Promise<number> => {
  const server = createTcpServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

export interface OutageTarget {
  storage: RealityStorage
  close: () => Promise<void> | void
  /** Has the database itself end the storage's sessions (e.g. pg_terminate_backend). */
  kill?: () => Promise<void>
}

interface Running {
  url: string
  server: RealityServer
  http: Server
}

const serve = async (storage: RealityStorage): Promise<Running> => {
  const server = new RealityServer({ serverId: 'outage', storage, retryAfterSeconds: 2, onError: () => {} })
  const http = createServer(createNodeHandler(server))
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()))
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/reality`, server, http }
}

const sync = (url: string, known: Record<string, number>) =>
  fetch(`${url}/sync`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ known }),
  })

/**
 * The server answers syncs from its read cache for up to `refreshInterval` (250 ms) after the
 * database went away, then 503 with Retry-After until it is back.
 */
const expectUnavailable = async (running: Running): Promise<void> => {
  let response = await sync(running.url, { posts: 0 })
  for (let attempt = 0; response.status === 200 && attempt < 50; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    response = await sync(running.url, { posts: 0 })
  }
  expect(response.status).toBe(503)
  expect(response.headers.get('retry-after')).toBe('2')
  expect((await response.json()).error).toBe('storage_unavailable')
  const health = await fetch(`${running.url}/health`)
  expect(health.status).toBe(503)
  expect(health.headers.get('retry-after')).toBe('2')
  expect(await running.server.isHealthy()).toBe(false)
}

/** Polls until a sync answers 200; every answer before must be a clean 503, never a 500. */
const expectRecovery = async (running: Running): Promise<Response> => {
  for (let attempt = 0; attempt < 150; attempt++) {
    const response = await sync(running.url, { posts: 0 })
    if (response.status === 200) return response
    expect(response.status).toBe(503)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('the server did not recover within 15 s of the database coming back')
}

/** Retries `task` until it succeeds; every failure before must be a 503 (StorageUnavailableError). */
const eventually = async <T>(task: () => Promise<T>): Promise<T> => {
  for (let attempt = 0; ; attempt++) {
    try {
      return await task()
    } catch (error) {
      expect(error).toMatchObject({ status: 503 })
      if (attempt >= 100) throw error
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}

/**
 * Registers the outage tests for a backend: `make(port)` builds a storage whose database is
 * reached at 127.0.0.1:`port` (the proxy).
 */
export const runOutageScenarios = (
  name: string,
  target: { host: string; port: number },
  make: (port: number) => OutageTarget | Promise<OutageTarget>,
  options: { kill?: boolean } = {},
): void => {
  describe(`${name}: database outages over HTTP`, () => {
    const cleanups: (() => Promise<void> | void)[] = []
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
    })

    const setUp = async (proxy: TcpProxy, port: number): Promise<Running & { made: OutageTarget }> => {
      cleanups.push(() => proxy.stop())
      const made = await make(port)
      cleanups.push(() => made.close())
      const running = await serve(made.storage)
      cleanups.push(() => new Promise<void>((resolve) => running.http.close(() => resolve())))
      return { ...running, made }
    }

    it('wrong port: 503 with Retry-After, then recovers by itself when the database appears', async () => {
      const proxy = new TcpProxy(target)
      const port = await closedPort()
      const running = await setUp(proxy, port)
      await expectUnavailable(running)
      await expect(running.server.updateNode('posts', 'h1')).rejects.toMatchObject({ status: 503 })
      await proxy.start(port)
      await expectRecovery(running)
      await running.server.updateNode('posts', 'h1')
      const body = await (await sync(running.url, { posts: 0 })).json()
      expect(body.changed.posts.hash).toBe('h1')
      expect((await fetch(`${running.url}/health`)).status).toBe(200)
    }, 60_000)

    it('connections cut mid-life: 503 while down, then recovers by itself', async () => {
      const proxy = new TcpProxy(target)
      const running = await setUp(proxy, await proxy.start())
      const before = await running.server.updateNode('posts', 'before')
      expect((await sync(running.url, { posts: 0 })).status).toBe(200)
      await proxy.stop()
      await expectUnavailable(running)
      await proxy.start()
      const response = await expectRecovery(running)
      expect((await response.json()).changed.posts.version).toBe(before.version)
      const after = await running.server.updateNode('posts', 'after')
      expect(after.version).toBeGreaterThan(before.version)
    }, 60_000)

    if (options.kill)
      it('sessions killed by the database: writes fail with 503 at worst, then recover by themselves', async () => {
        const proxy = new TcpProxy(target)
        const running = await setUp(proxy, await proxy.start())
        await running.server.updateNode('posts', 'before')
        expect((await sync(running.url, { posts: 0 })).status).toBe(200)
        await running.made.kill?.()
        // Writes and health always reach the database (syncs may be answered from the read cache).
        const after = await eventually(() => running.server.updateNode('posts', 'after'))
        expect(after.hash).toBe('after')
        const body = await (await expectRecovery(running)).json()
        expect(body.changed.posts.version).toBe(after.version)
        expect((await fetch(`${running.url}/health`)).status).toBe(200)
      }, 60_000)
  })
}
