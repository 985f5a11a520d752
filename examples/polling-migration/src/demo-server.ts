import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createHash, createNodeHandler, createRealityServer } from '@rootlodge/reality-server'
import { boardAt } from './feed'

/*
 * One server for both apps, on one origin. The old app polls GET /old/api/orders; the migrated app asks Reality
 * (POST /new/reality/sync) whether 'orders' changed and fetches GET /new/api/orders only when it did. Both payload
 * endpoints answer the same JSON; the prefixes only let the server count each app apart: requests, bytes on the
 * wire (request line, headers and body both ways) and payload fetches. The page, its script and /stats are not
 * counted.
 */

export type AppName = 'old' | 'new'

export interface Counters {
  requests: number
  bytes: number
  payloadFetches: number
}

export interface DemoServer {
  url: string
  /** Changes applied so far. */
  readonly changes: number
  /** Applies the next change of the scripted stream and tells Reality. */
  change(): Promise<void>
  counters(): Record<AppName, Counters>
  close(): Promise<void>
}

export interface DemoServerOptions {
  port?: number
  host?: string
  /** Milliseconds between two scripted changes; 0 (default) = only when `change()` is called. */
  changeEvery?: number
  /** Folder holding the page's bundled script (`browser.js`), served at /app.js. */
  assets?: string
}

const requestBytes = (req: IncomingMessage): number => {
  let bytes = Buffer.byteLength(`${req.method} ${req.url} HTTP/${req.httpVersion}\r\n\r\n`)
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    bytes += Buffer.byteLength(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`)
  return bytes + Number(req.headers['content-length'] ?? 0)
}

const PAGE = new URL('../index.html', import.meta.url)

export const startDemoServer = async (options: DemoServerOptions = {}): Promise<DemoServer> => {
  const reality = createRealityServer({ serverId: 'polling-demo' })
  const realityHandler = createNodeHandler(reality, { prefix: '/new/reality' })
  const counters: Record<AppName, Counters> = {
    old: { requests: 0, bytes: 0, payloadFetches: 0 },
    new: { requests: 0, bytes: 0, payloadFetches: 0 },
  }
  let changes = 0
  let body = JSON.stringify(boardAt(0))
  const publish = () => reality.updateNode('orders', createHash(body))
  await publish()

  const sendOrders = (res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    res.end(body)
  }

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0]
    const app = path.startsWith('/old/') ? 'old' : path.startsWith('/new/') ? 'new' : undefined
    if (app) {
      // One request at a time per connection (HTTP/1.1): the socket's new bytes are this response.
      const sent = req.socket.bytesWritten
      counters[app].requests++
      counters[app].bytes += requestBytes(req)
      res.on('finish', () => {
        counters[app].bytes += req.socket.bytesWritten - sent
      })
    }
    if (req.method === 'GET' && path === `/${app}/api/orders` && app) {
      counters[app].payloadFetches++
      return sendOrders(res)
    }
    if (app === 'new') return realityHandler(req, res, () => res.writeHead(404).end())
    if (path === '/stats') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      return void res.end(JSON.stringify({ changes, counters }))
    }
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      return void res.end(await readFile(PAGE))
    }
    if (path === '/app.js' && options.assets) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' })
      return void res.end(await readFile(`${options.assets}/browser.js`))
    }
    res.writeHead(404).end()
  }

  const http = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500)
      res.end(String(error))
    })
  })
  await new Promise<void>((resolve) => http.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve))
  const { port } = http.address() as AddressInfo

  const change = async () => {
    changes++
    body = JSON.stringify(boardAt(changes))
    await publish()
  }
  const timer = options.changeEvery ? setInterval(() => void change(), options.changeEvery) : undefined

  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    get changes() {
      return changes
    },
    change,
    counters: () => structuredClone(counters),
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer)
        http.closeAllConnections()
        http.close(() => resolve())
      }),
  }
}
