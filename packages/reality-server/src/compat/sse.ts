import type { IncomingMessage } from 'node:http'
import {
  cursorKeys,
  DEFAULT_SSE_RETRY,
  decodeSSECursor,
  encodeSSECursor,
  LAST_EVENT_ID_HEADER,
  type RealityNodeMeta,
  SSE_CONTENT_TYPE,
  SSE_KEYS_COMMENT,
} from '@rootlodge/reality/types'
import { type AuthorizeContext, authorizeContext } from '../auth/context'
import { RealityHttpError, StorageUnavailableError } from '../core/errors'
import type { RealityCore } from '../core/reality-core'

/*
 * SSE compatibility without a held connection: each request is answered at once with the events the client has not
 * seen, then the response ends. A browser's EventSource reconnects by itself after `retry:` ms and sends back the
 * last `id:` as Last-Event-ID, which is a cursor made of storage versions only (see protocol/sse.ts).
 */

/** Options of `handleSSECompat`. */
export interface SSEOptions {
  /** The Reality keys this endpoint reports; each change of one is an event. */
  keys: readonly string[]
  /**
   * How often a browser's own `EventSource` checks back, in ms: sent as `retry:` (default 3,000). It is the longest
   * a change waits before a plain `EventSource` sees it; `RealityEventSource` checks on Reality's triggers instead.
   */
  heartbeatInterval?: number
  /**
   * The `data:` of a key's event: your payload for the key (a string is sent as is, anything else as JSON). Without
   * it, `data:` is the key's metadata as JSON: `{"key","version","hash","updatedAt"}`.
   */
  payload?: (key: string, meta: RealityNodeMeta) => unknown
  /**
   * The event type of a key's events, for `addEventListener(type)`: a map by key, or a function. Keys it does not
   * name are plain `message` events (`onmessage`).
   */
  event?: Readonly<Record<string, string>> | ((key: string) => string | undefined)
  /**
   * The user the server's `authorize` hook sees as `ctx.user` (e.g. Fastify `request.user`, Hono `c.get('user')`).
   * Default: `req.user` of an Express / node:http request.
   */
  user?: unknown
  /** What the hook sees as `ctx.locals` (e.g. Express `res.locals`, Hono `c.var`). */
  locals?: unknown
}

/** A finished answer: status, headers and the whole body. */
export interface SSEResult {
  status: number
  headers: Record<string, string>
  body: string
}

/** `field: value` lines; a value with line breaks becomes several lines of the same field, as the format wants. */
const field = (name: string, value: string): string =>
  value
    .split(/\r\n|\r|\n/)
    .map((line) => `${name}: ${line}\n`)
    .join('')

const eventType = (options: SSEOptions, key: string): string | undefined => {
  const { event } = options
  const type = typeof event === 'function' ? event(key) : event && Object.hasOwn(event, key) ? event[key] : undefined
  if (type === undefined || type === 'message') return undefined
  if (type === '' || /[\r\n]/.test(type)) throw new TypeError(`SSE event type for ${key} must be one non-empty line`)
  return type
}

const data = async (options: SSEOptions, meta: RealityNodeMeta): Promise<string> => {
  if (!options.payload) {
    return JSON.stringify({ key: meta.key, version: meta.version, hash: meta.hash, updatedAt: meta.updatedAt })
  }
  const value = await options.payload(meta.key, meta)
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '')
}

const retryOf = (options: SSEOptions): number => {
  const interval = options.heartbeatInterval ?? DEFAULT_SSE_RETRY
  if (!Number.isFinite(interval) || interval < 0) throw new RangeError('heartbeatInterval must be a number of ms ≥ 0')
  return Math.round(interval)
}

const stream = (body: string, extra: Record<string, string> = {}): SSEResult => ({
  status: 200,
  headers: { 'content-type': `${SSE_CONTENT_TYPE}; charset=utf-8`, 'cache-control': 'no-store', ...extra },
  body,
})

/**
 * Answers one SSE check: the keys' changes after `lastEventId` as events, oldest first. Storage trouble is a `200`
 * with no events and a longer `retry:` (any other status would make a browser's EventSource give up for good);
 * other protocol errors (too many keys, a bad key) throw their `RealityHttpError`.
 */
export const answerSSE = async (
  server: RealityCore,
  lastEventId: string | null | undefined,
  options: SSEOptions,
  ctx: AuthorizeContext,
): Promise<SSEResult> => {
  if (!Array.isArray(options?.keys)) throw new TypeError('handleSSECompat: options.keys must be an array of keys')
  const keys = cursorKeys(options.keys)
  const retry = retryOf(options)
  const seen = decodeSSECursor(lastEventId, keys)
  const versions = new Map(keys.map((key) => [key, seen?.get(key) ?? 0]))
  // No blank line after these fields: a blank line ends an event, and one with no `id:` before it would reset the
  // last event id of a client that follows the letter of the format.
  const head = `retry: ${retry}\n: ${SSE_KEYS_COMMENT} ${JSON.stringify(keys)}\n`
  let changed: RealityNodeMeta[]
  try {
    // `authorize` runs in handleSync: a denied key has no events, as a key that was never written.
    const response = await server.handleSync({ known: Object.fromEntries(versions), mode: 'sse-compat' }, ctx)
    changed = Object.values(response.changed).sort((a, b) => a.version - b.version || (a.key < b.key ? -1 : 1))
  } catch (error) {
    if (!(error instanceof StorageUnavailableError)) throw error
    const later = Math.max(retry, Number(error.headers['retry-after']) * 1000 || 0)
    return stream(`retry: ${later}\n: storage unavailable\n`, error.headers)
  }
  // A new client (no cursor) counts as having seen nothing: it gets the current version of every key that has one.
  let body = head
  for (const meta of changed) {
    let text: string
    try {
      text = await data(options, meta)
    } catch (error) {
      // The cursor stops before this key: the next check sends it again, so nothing is skipped.
      server.reportError(error)
      break
    }
    versions.set(meta.key, meta.version)
    const type = eventType(options, meta.key)
    body += `${field('id', encodeSSECursor(keys, versions))}${type ? field('event', type) : ''}${field('data', text)}\n`
  }
  return stream(body)
}

type FrameworkRequest = IncomingMessage & { user?: unknown }

const headerOf =
  (request: Request | IncomingMessage) =>
  (name: string): string | null | undefined => {
    const { headers } = request
    if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name)
    const value = (headers as IncomingMessage['headers'])[name]
    return Array.isArray(value) ? value.join(', ') : value
  }

const urlOf = (request: Request | IncomingMessage): string => {
  const url = request.url ?? '/'
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) return url
  const parsed = new URL(url)
  return parsed.pathname + parsed.search
}

/**
 * `server.handleSSECompat(request, options)`: a fetch `Request`, or a node:http / Express `req`, in; a finished
 * `text/event-stream` `Response` out. Protocol errors are JSON error responses.
 */
export const handleSSECompat = async (
  server: RealityCore,
  request: Request | IncomingMessage,
  options: SSEOptions,
): Promise<Response> => {
  let result: SSEResult
  const header = headerOf(request)
  const ctx = authorizeContext(
    {
      method: request.method ?? 'GET',
      url: urlOf(request),
      header,
      user: options?.user ?? (request as FrameworkRequest).user,
      locals: options?.locals,
    },
    'events',
  )
  try {
    result = await answerSSE(server, header(LAST_EVENT_ID_HEADER), options, ctx)
  } catch (error) {
    if (!(error instanceof RealityHttpError)) throw error
    return Response.json(error.toBody(), { status: error.status, headers: error.headers })
  }
  return new Response(request.method === 'HEAD' ? null : result.body, {
    status: result.status,
    headers: result.headers,
  })
}
