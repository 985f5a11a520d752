import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { SyncRequestInput } from '@rootlodge/reality/types'
import { createNodeHandler, createRealityServer, type RealityServer, type SSEOptions } from '@rootlodge/reality-server'

/*
 * A real app for the RealityEventSource tests: a RealityServer under /reality, `handleSSECompat` endpoints at
 * paths the test declares, and one plain streaming SSE endpoint (/legacy) that holds its response open, as an
 * app's SSE did before Reality. It records the requests it received; nothing is answered by the test itself.
 */

export interface SSEServer {
  readonly url: string
  readonly reality: RealityServer
  /** Serves `handleSSECompat(req, options)` at `path`. */
  endpoint(path: string, options: SSEOptions): void
  /** GET requests received on `path`, and the Last-Event-ID each carried. */
  gets(path: string): (string | undefined)[]
  syncRequests(): SyncRequestInput[]
  /** Writes raw event-stream text to the open /legacy responses. */
  legacy(text: string): void
  /** /legacy responses still open (the client has not hung up). */
  legacyOpen(): number
  close(): Promise<void>
}

export const startSSEServer = async (): Promise<SSEServer> => {
  const reality = createRealityServer({ serverId: `sse-client-${process.pid}` })
  const realityHandler = createNodeHandler(reality)
  const endpoints = new Map<string, SSEOptions>()
  const gets = new Map<string, (string | undefined)[]>()
  const syncs: SyncRequestInput[] = []
  const legacy = new Set<ServerResponse>()

  const serve = async (req: IncomingMessage & { body?: unknown }, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0]
    if (req.method === 'POST' && path === '/reality/sync') {
      const chunks: Buffer[] = []
      for await (const chunk of req) chunks.push(chunk as Buffer)
      req.body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      syncs.push(req.body as SyncRequestInput)
    }
    if (path.startsWith('/reality/')) return realityHandler(req, res)
    const lastEventId = req.headers['last-event-id']
    gets.set(path, [...(gets.get(path) ?? []), Array.isArray(lastEventId) ? lastEventId[0] : lastEventId])
    const options = endpoints.get(path)
    if (options) {
      const response = await reality.handleSSECompat(req, options)
      res.writeHead(response.status, Object.fromEntries(response.headers))
      res.end(await response.text())
      return
    }
    if (path === '/legacy') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
      res.flushHeaders()
      legacy.add(res)
      res.on('close', () => legacy.delete(res))
      return
    }
    res.writeHead(500, { 'content-type': 'text/plain' }).end('broken')
  }

  const http = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)))
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    reality,
    endpoint: (path, options) => {
      endpoints.set(path, options)
    },
    gets: (path) => [...(gets.get(path) ?? [])],
    syncRequests: () => [...syncs],
    legacy: (text) => {
      for (const res of legacy) res.write(text)
    },
    legacyOpen: () => legacy.size,
    close: () =>
      new Promise<void>((resolve, reject) => {
        http.closeAllConnections()
        http.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
