import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RealityCore } from '../core/reality-core'
import { bodyCutOff, dispatch, type HttpResult, parseJson, routeOf, tooLarge } from './dispatch'

/*
 * The direct node:http path: no fetch Request/Response objects, no body copies beyond the
 * chunks Node hands us. It reads, parses, dispatches and writes. Express and Fastify reuse it.
 */

/** Options of `createNodeHandler` and `handleNodeRequest`. */
export interface NodeHandlerOptions {
  /** Mount point (default `/reality`); `''` when a framework already stripped it. */
  prefix?: string
  /** Called instead of answering 404 for a path outside the routes (Connect/Express `next`). */
  next?: (error?: unknown) => void
  /** The user the `authorize` hook sees (default: `req.user`, as Passport and most Express auth set it). */
  user?: unknown
}

type NodeRequest = IncomingMessage & { body?: unknown; user?: unknown }

const readStream = (req: IncomingMessage, limit: number): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const declared = req.headers['content-length']
    if (declared !== undefined && Number(declared) > limit) {
      reject(tooLarge(limit))
      return
    }
    const chunks: Buffer[] = []
    let total = 0
    let failed = false
    req.on('data', (chunk: Buffer) => {
      if (failed) return
      total += chunk.length
      if (total > limit) {
        failed = true
        reject(tooLarge(limit))
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      if (failed) return
      try {
        const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks, total).toString('utf8')
        resolve(parseJson(text))
      } catch (error) {
        reject(error)
      }
    })
    req.on('error', () => {
      if (!failed) reject(bodyCutOff())
    })
  })

/** Reads the body, using what a body parser (express.json(), Fastify) already parsed. */
const readBody = (req: NodeRequest, limit: number): Promise<unknown> => {
  const parsed = req.body
  if (parsed !== undefined && parsed !== null) {
    if (typeof parsed === 'string') return Promise.resolve().then(() => parseJson(parsed))
    if (parsed instanceof Uint8Array)
      return Promise.resolve().then(() => parseJson(Buffer.from(parsed).toString('utf8')))
    if (typeof parsed === 'object' && (req.readableEnded || !req.readable)) return Promise.resolve(parsed)
  }
  return readStream(req, limit)
}

const write = (res: ServerResponse, req: IncomingMessage, result: HttpResult): void => {
  if (res.headersSent) return
  // An unread or oversized body must not keep the connection: close it after answering.
  if (result.status === 413) result.headers.connection = 'close'
  // A known length lets Node send head and body in one write instead of chunked framing (writev),
  // which was a quarter of the CPU time of a sync under load.
  if (result.status !== 204 && result.status !== 304)
    result.headers['content-length'] = String(Buffer.byteLength(result.body))
  res.writeHead(result.status, result.headers)
  res.end(req.method === 'HEAD' || result.status === 204 || result.status === 304 ? undefined : result.body)
}

/** Answers one node:http request. */
export const handleNodeRequest = async (
  server: RealityCore,
  req: IncomingMessage,
  res: ServerResponse,
  options: NodeHandlerOptions = {},
): Promise<void> => {
  const url = req.url ?? '/'
  const query = url.indexOf('?')
  const route = routeOf(query === -1 ? url : url.slice(0, query), options.prefix)
  if (route === null && options.next) {
    options.next()
    return
  }
  const result = await dispatch(server, {
    method: req.method ?? 'GET',
    route,
    readBody: () => readBody(req as NodeRequest, server.limits.maxBodyBytes),
    header: (name) => {
      const value = req.headers[name]
      return Array.isArray(value) ? value.join(', ') : value
    },
    query: query === -1 ? '' : url.slice(query),
    remoteAddress: req.socket?.remoteAddress,
    url,
    user: options.user ?? (req as NodeRequest).user,
    locals: (res as ServerResponse & { locals?: unknown }).locals,
  })
  write(res, req, result)
}

/**
 * A `node:http` request listener (the fastest path on Node).
 *
 * @example
 * http.createServer(createNodeHandler(server)).listen(3000) // serves /reality/*
 */
export const createNodeHandler =
  (server: RealityCore, options: NodeHandlerOptions = {}) =>
  (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): Promise<void> =>
    handleNodeRequest(server, req, res, { prefix: options.prefix ?? '/reality', next: options.next ?? next })
