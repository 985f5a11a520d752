import type { IncomingMessage, ServerResponse } from 'node:http'
import { ERROR_CODES } from '@rootlodge/reality/types'
import { bodyCutOff, dispatch, type HttpResult, parseJson, routeOf, tooLarge } from '../core/dispatch'
import { InvalidRequestError } from '../core/errors'
import type { RealityServer } from '../core/server'
import { handleNodeRequest } from './node'

export interface FetchHandlerOptions {
  /**
   * Mount point, e.g. `/reality`: then only `/reality/sync`, `/reality/health` and
   * `/reality/invalidate` are served and anything else is 404. Without a prefix the handler
   * serves whatever route it is mounted on: `.../health` and `.../invalidate` by their last
   * segment, any other path as sync.
   */
  prefix?: string
}

/** Anything that looks like a Hono context: `c.req.raw` is the fetch Request. */
interface ContextLike {
  req: { raw: Request }
}

/**
 * A handler that answers a fetch `Request` with a `Response` (Bun, Deno, Workers, Next.js),
 * and also works when Express/Connect (`(req, res)`) or Hono (`(c)`) call it as a route handler.
 */
export interface UniversalFetchHandler {
  (request: Request): Promise<Response>
  (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): Promise<void>
  // Last on purpose: TypeScript infers a generic route handler's return type (Hono's) from the
  // last overload, and Express's handler type accepts any overload that fits.
  (context: ContextLike): Promise<Response>
}

// A Request rebuilt from a framework's request (the API guide's Express pattern) keeps the original
// Content-Length but loses the body when nothing parsed it: say so instead of "body is empty".
const lostBody = (declared: string): InvalidRequestError =>
  new InvalidRequestError(
    `the request declared ${declared} bytes but its body arrived empty: it was consumed or dropped before Reality ` +
      "saw it (rebuilding a Request from Express's req needs app.use(express.json()) first, or use createExpressAdapter)",
    undefined,
    ERROR_CODES.invalidJson,
  )

// A stream error while reading is a client that hung up mid-body, not a server failure.
const received = <T>(reading: Promise<T>): Promise<T> => reading.catch(() => Promise.reject(bodyCutOff()))

const readBody = async (request: Request, limit: number): Promise<unknown> => {
  const declared = request.headers.get('content-length')
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit)
  if (declared !== null || request.body === null) {
    const text = await received(request.text())
    if (text.length === 0 && declared !== null && Number(declared) > 0) throw lostBody(declared)
    return parseJson(text)
  }
  // No length declared (chunked): count bytes as they arrive and stop at the limit.
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await received(reader.read())
    if (done) break
    total += value.byteLength
    if (total > limit) {
      await reader.cancel().catch(() => {})
      throw tooLarge(limit)
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return parseJson(new TextDecoder().decode(bytes))
}

const toResponse = (result: HttpResult, method: string): Response =>
  new Response(result.status === 204 || method === 'HEAD' ? null : result.body, {
    status: result.status,
    headers: result.headers,
  })

/** Answers one fetch `Request`. */
export const handleFetchRequest = async (
  server: RealityServer,
  request: Request,
  prefix?: string,
): Promise<Response> => {
  const url = new URL(request.url)
  const result = await dispatch(server, {
    method: request.method,
    route: routeOf(url.pathname, prefix),
    readBody: () => readBody(request, server.limits.maxBodyBytes),
    header: (name) => request.headers.get(name),
    query: url.search,
  })
  return toResponse(result, request.method)
}

const isRequest = (value: unknown): value is Request =>
  (typeof Request !== 'undefined' && value instanceof Request) ||
  (typeof value === 'object' &&
    value !== null &&
    typeof (value as Request).url === 'string' &&
    typeof (value as Request).text === 'function' &&
    typeof (value as Request).headers?.get === 'function')

/**
 * Creates the request handler of a server.
 *
 * @example
 * Bun.serve({ fetch: createFetchHandler(server, { prefix: '/reality' }) })
 * app.post('/reality/sync', createFetchHandler(server)) // Express or Hono route
 */
export const createFetchHandler = (server: RealityServer, options: FetchHandlerOptions = {}): UniversalFetchHandler => {
  const { prefix } = options
  const handler = (first: unknown, second?: unknown, third?: unknown): Promise<Response | undefined> => {
    if (isRequest(first)) return handleFetchRequest(server, first, prefix)
    const raw = (first as ContextLike | null)?.req?.raw
    if (raw !== undefined && isRequest(raw)) return handleFetchRequest(server, raw, prefix)
    if (second && typeof (second as ServerResponse).writeHead === 'function') {
      return handleNodeRequest(server, first as IncomingMessage, second as ServerResponse, {
        prefix,
        next: third as ((error?: unknown) => void) | undefined,
      }).then(() => undefined)
    }
    return Promise.reject(new TypeError('createFetchHandler: expected a fetch Request, a Hono context or (req, res)'))
  }
  return handler as UniversalFetchHandler
}
