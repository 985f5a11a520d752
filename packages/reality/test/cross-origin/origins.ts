import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { createNodeHandler, createRealityServer, MemoryStorage, type RealityStorage } from '@rootlodge/reality-server'
import { build } from 'esbuild'

/*
 * Two loopback origins: the page (an HTML shell and the bundled page.tsx) on one port, a real Reality server on
 * another. The Reality side records the headers and arrival time of every sync request and, while `outage` is
 * set, its storage throws, so the server answers 503 with Retry-After as it does when its database is down.
 */

const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const close = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })

const src = (path: string) => fileURLToPath(new URL(`../../src/${path}`, import.meta.url))

/** The page script with the packages resolved to their sources, as the browser will run it. */
const bundlePage = async (): Promise<string> => {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('page.tsx', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'chrome120',
    define: { 'process.env.NODE_ENV': '"production"' },
    alias: { '@rootlodge/reality/react': src('react/index.ts'), '@rootlodge/reality': src('index.ts') },
    logLevel: 'silent',
  })
  return result.outputFiles[0].text
}

export interface PageOrigin {
  readonly url: string
  close(): Promise<void>
}

export const startPageOrigin = async (): Promise<PageOrigin> => {
  const script = await bundlePage()
  const server = createServer((req, res) => {
    if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' })
      res.end(script)
      return
    }
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end('<!doctype html><html><body><script type="module" src="/page.js"></script></body></html>')
  })
  const url = await listen(server)
  return { url, close: () => close(server) }
}

export interface SyncSeen {
  headers: IncomingHttpHeaders
  at: number
  status: number
}

export interface RealityOrigin {
  readonly url: string
  /** Sync requests answered, oldest first. */
  readonly syncs: SyncSeen[]
  /** The storage fails until this is cleared. */
  outage: boolean
  /** Resolves once a sync request matching `test` has been answered. */
  seen(test: (sync: SyncSeen) => boolean): Promise<SyncSeen>
  close(): Promise<void>
}

const failingWhile = (storage: RealityStorage, failing: () => boolean): RealityStorage =>
  new Proxy(storage, {
    get: (target, name, receiver) => {
      const value = Reflect.get(target, name, receiver)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        if (failing()) return Promise.reject(new Error('storage outage'))
        return value.apply(target, args)
      }
    },
  })

export const startRealityOrigin = async (pageOrigin: string, retryAfterSeconds: number): Promise<RealityOrigin> => {
  const waiters = new Set<() => void>()
  const origin: RealityOrigin = {
    url: '',
    syncs: [],
    outage: false,
    seen: (test) =>
      new Promise((resolve) => {
        const check = () => {
          const hit = origin.syncs.find(test)
          if (!hit) return
          waiters.delete(check)
          resolve(hit)
        }
        waiters.add(check)
        check()
      }),
    close: async () => {},
  }
  const reality = createRealityServer({
    serverId: `cross-origin-${process.pid}`,
    storage: failingWhile(new MemoryStorage(), () => origin.outage),
    retryAfterSeconds,
    cors: { origins: [pageOrigin], credentials: true, allowHeaders: ['x-tenant'] },
  })
  const handler = createNodeHandler(reality)
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url?.endsWith('/sync')) {
      const at = Date.now()
      res.once('finish', () => {
        origin.syncs.push({ headers: req.headers, at, status: res.statusCode })
        for (const waiter of [...waiters]) waiter()
      })
    }
    void handler(req, res)
  })
  Object.assign(origin, { url: await listen(server), close: () => close(server) })
  return origin
}
