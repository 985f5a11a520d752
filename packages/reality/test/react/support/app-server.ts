import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createHash } from '@rootlodge/reality'
import type { SyncRequestInput } from '@rootlodge/reality/types'
import { createNodeHandler, createRealityServer, type RealityServer } from '@rootlodge/reality-server'

/*
 * A small "your app" server for the hook, SSR and compat tests: a real RealityServer under
 * /reality plus JSON payloads under /api/<name> (or /<name>), on one loopback port, like a real deployment.
 * It counts requests so tests can prove what was (not) sent; nothing in it is a mock. Payloads carry an ETag and
 * answer a matching `If-None-Match` with `304`, as a cacheable GET does.
 */

export interface AppServer {
  /** Origin, e.g. `http://127.0.0.1:40123`. */
  readonly url: string
  readonly reality: RealityServer
  /** Sync requests received (POST /reality/sync). */
  syncCount(): number
  /** Bodies of the sync requests received, oldest first. */
  syncRequests(): SyncRequestInput[]
  /** GET requests answered with the payload (`200`) for `/api/<name>` or `/<name>`. */
  payloadCount(name: string): number
  /** GET requests for `/api/<name>` answered `304 Not Modified`. */
  notModifiedCount(name: string): number
  /** Sets the payload of `/api/<name>` and, when `key` is given, tells Reality it changed. */
  publish(name: string, value: unknown, key?: string): Promise<void>
  close(): Promise<void>
}

const readJson = async (req: IncomingMessage): Promise<unknown> => {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  return text ? JSON.parse(text) : undefined
}

const sendJson = (res: ServerResponse, status: number, value: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(value))
}

/**
 * Starts the app on 127.0.0.1, port 0, around `reality` (default: a new server; pass an embedded server's
 * `.server` to share its versions with SSR). `POST /api/messages` appends `{ text }` to the `messages` payload
 * and updates `chat:room:general`, as the seed README's server does.
 */
export const startAppServer = async (
  reality: RealityServer = createRealityServer({ serverId: `test-${process.pid}` }),
): Promise<AppServer> => {
  const payloads = new Map<string, unknown>([['messages', []]])
  const gets = new Map<string, number>()
  const notModified = new Map<string, number>()
  const syncs: SyncRequestInput[] = []
  const realityHandler = createNodeHandler(reality)

  const api = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const name = (req.url ?? '/').split('?')[0].replace(/^\/(api\/)?/, '')
    if (req.method === 'GET' && payloads.has(name)) {
      const body = JSON.stringify(payloads.get(name))
      const etag = `"${createHash(body)}"`
      if (req.headers['if-none-match'] === etag) {
        notModified.set(name, (notModified.get(name) ?? 0) + 1)
        res.writeHead(304, { etag })
        res.end()
        return
      }
      gets.set(name, (gets.get(name) ?? 0) + 1)
      res.writeHead(200, { 'content-type': 'application/json', etag })
      res.end(body)
      return
    }
    if (req.method === 'POST' && name === 'messages') {
      const body = (await readJson(req)) as { text?: unknown } | undefined
      const list = payloads.get('messages') as { id: number; text: string }[]
      const message = { id: list.length + 1, text: String(body?.text ?? '') }
      payloads.set('messages', [...list, message])
      await reality.updateNode('chat:room:general', `m${list.length + 1}`)
      sendJson(res, 201, message)
      return
    }
    sendJson(res, 404, { error: 'not_found' })
  }

  const serve = async (req: IncomingMessage & { body?: unknown }, res: ServerResponse): Promise<void> => {
    if (req.method === 'POST' && req.url?.startsWith('/reality/sync')) {
      // Read the body once to record it; the Reality handler takes a pre-parsed body, as behind express.json().
      req.body = await readJson(req)
      syncs.push(req.body as SyncRequestInput)
    }
    await realityHandler(req, res, () => {
      api(req, res).catch((error: unknown) => sendJson(res, 500, { error: String(error) }))
    })
  }
  const http = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => sendJson(res, 500, { error: String(error) }))
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const { port } = http.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    reality,
    syncCount: () => syncs.length,
    syncRequests: () => [...syncs],
    payloadCount: (name) => gets.get(name) ?? 0,
    notModifiedCount: (name) => notModified.get(name) ?? 0,
    publish: async (name, value, key) => {
      payloads.set(name, value)
      if (key) await reality.invalidate(key)
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        http.closeAllConnections()
        http.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
