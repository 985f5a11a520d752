import { ERROR_CODES } from '@rootlodge/reality/types'
import { InvalidRequestError } from '../core/errors'
import type { RealityCore } from '../core/reality-core'
import { bodyCutOff, dispatch, type HttpResult, parseJson, routeOf, tooLarge } from './dispatch'

/*
 * The fetch path (Bun, Deno, Workers, Next.js, Hono): a `Request` in, a `Response` out. It does
 * not load the node:http bridge; `createFetchHandler` (universal.ts) picks between the two.
 */

// A Request rebuilt from a framework's request (the `app.post(path, createFetchHandler(server))` Express pattern) keeps the original
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
  new Response(result.status === 204 || result.status === 304 || method === 'HEAD' ? null : result.body, {
    status: result.status,
    headers: result.headers,
  })

/** What the runtime or framework knows of the request beyond the `Request`. */
export interface RequestIdentity {
  /** The client's address, when the runtime gives one: keys the `rateLimit` option's per-IP budget. */
  remoteAddress?: string | undefined
  /** e.g. Hono `c.get('user')`, for the `authorize` hook. */
  user?: unknown
  /** e.g. Hono `c.var`, for the `authorize` hook. */
  locals?: unknown
}

/** Answers one fetch `Request`. */
export const handleFetchRequest = async (
  server: RealityCore,
  request: Request,
  prefix?: string,
  identity: RequestIdentity = {},
): Promise<Response> => {
  const url = new URL(request.url)
  const result = await dispatch(server, {
    method: request.method,
    route: routeOf(url.pathname, prefix),
    readBody: () => readBody(request, server.limits.maxBodyBytes),
    header: (name) => request.headers.get(name),
    query: url.search,
    remoteAddress: identity.remoteAddress,
    url: url.pathname + url.search,
    user: identity.user,
    locals: identity.locals,
  })
  return toResponse(result, request.method)
}
