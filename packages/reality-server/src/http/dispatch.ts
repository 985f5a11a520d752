import {
  describeIssues,
  ERROR_CODES,
  EVENTS_PATH,
  InvalidateRequestSchema,
  PROTOCOL_VERSION,
  ROUTES,
  type RouteName,
  SSE_KEY_PARAM,
  summarizeIssues,
} from '@rootlodge/reality/types'
import { authorizeContext } from '../auth/context'
import { answerSSE } from '../compat/sse'
import { InvalidRequestError, RealityHttpError } from '../core/errors'
import { assertKeyCount } from '../core/key-count'
import type { RealityCore } from '../core/reality-core'
import { MESH_SIGNATURE_HEADER } from '../mesh/signature'
import { answerCacheableSync } from './cacheable-sync'
import { httpConfig } from './config'
import { isJsonContentType, unsupportedMediaType } from './content-type'
import { corsHeaders } from './cors'
import { observe } from './observe'
import { answerMetrics, answerReady } from './ops-routes'
import { limitAddress, limitClient } from './rate-limit-gate'

/*
 * Framework-free request handling shared by every HTTP adapter: a method, a route, a way to
 * read the body and a way to read headers go in; a status, headers and a JSON string come out.
 * The fetch handler and the direct node:http handler are thin shells around `dispatch`.
 */

export type Route = RouteName

export interface HttpResult {
  status: number
  headers: Record<string, string>
  body: string
}

export interface DispatchInput {
  method: string
  route: Route | null
  /** Parsed JSON body; throws a RealityHttpError for a body too large or not JSON. */
  readBody: () => Promise<unknown>
  header: (name: string) => string | null | undefined
  /** The query string (`?key=a&key=b`), read by the events route and the `GET` sync. */
  query: string
  /** The client's address, for the `rateLimit` option's per-IP budget; without one, only client ids count. */
  remoteAddress?: string
  /** Path and query as received, for the `authorize` hook. */
  url: string
  /** The framework's user (`req.user`, `c.get('user')`), for the `authorize` hook. */
  user?: unknown
  /** The framework's per-request locals (`res.locals`, `c.var`), for the `authorize` hook. */
  locals?: unknown
}

const JSON_TYPE = 'application/json; charset=utf-8'
// Answers are data, never something a browser should sniff into HTML or script.
const NOSNIFF = { 'x-content-type-options': 'nosniff' }
const ALLOWED = Object.fromEntries(ROUTES.map((r) => [r.name, [...r.methods, 'OPTIONS'].join(', ')])) as Record<
  Route,
  string
>
// Routes with a body: a POST to another route gets its 405, whatever it sends.
const TAKES_POST = new Set(ROUTES.filter((r) => (r.methods as readonly string[]).includes('POST')).map((r) => r.name))

/**
 * Maps a pathname to a route of `ROUTES`. With a prefix, only `{prefix}{route.path}` matches.
 * Without one (a handler mounted on a single route, as in `app.post('/reality/sync', h)`),
 * the path's last segment decides and anything else is the sync route.
 */
export const routeOf = (pathname: string, prefix: string | undefined): Route | null => {
  if (prefix !== undefined) {
    const base = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix
    if (!pathname.startsWith(base)) return null
    const rest = pathname.slice(base.length)
    return ROUTES.find((r) => rest === r.path || rest === `${r.path}/`)?.name ?? null
  }
  return ROUTES.find((r) => r.name !== 'sync' && pathname.endsWith(r.path))?.name ?? 'sync'
}

/** Parses a body text as JSON, or throws the 400 that names the problem. */
export const parseJson = (text: string): unknown => {
  if (text.length === 0)
    throw new InvalidRequestError('request body is empty: expected JSON', undefined, ERROR_CODES.invalidJson)
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new InvalidRequestError(
      `request body is not valid JSON: ${(error as Error).message}`,
      undefined,
      ERROR_CODES.invalidJson,
    )
  }
}

export const tooLarge = (limit: number): RealityHttpError =>
  new RealityHttpError(413, ERROR_CODES.bodyTooLarge, `request body exceeds the limit of ${limit} bytes`)

/** The body could not be read to its end (the client hung up): a 400 and no `onError`, not a 500. */
export const bodyCutOff = (): InvalidRequestError =>
  new InvalidRequestError('the request body could not be read to its end: the client aborted, or it was already read')

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResult => ({
  status,
  headers: { 'content-type': JSON_TYPE, 'cache-control': 'no-store', ...NOSNIFF, ...headers },
  body: JSON.stringify(body),
})

export const errorResult = (error: RealityHttpError, extra: Record<string, string> = {}): HttpResult =>
  json(error.status, error.toBody(), { ...error.headers, ...extra })

const notFound = (): HttpResult =>
  json(404, {
    error: ERROR_CODES.notFound,
    message: `no such Reality route: use ${ROUTES.map((r) => r.path).join(', ')}`,
  })

const bearer = (input: DispatchInput): string => {
  const auth = input.header('authorization') ?? ''
  return auth.startsWith('Bearer ') ? auth.slice(7) : ''
}

const tokenMatches = (given: string, expected: string): boolean => {
  // Constant time in the token's length, without node:crypto (this runs on workers too).
  let diff = given.length ^ expected.length
  for (let i = 0; i < expected.length; i++) diff |= (given.charCodeAt(i) | 0) ^ expected.charCodeAt(i)
  return diff === 0
}

/** True when the request carries the configured admin token. */
const isAdmin = (adminToken: string | undefined, input: DispatchInput): boolean =>
  adminToken !== undefined && tokenMatches(bearer(input), adminToken)

/** Handles one request. Never throws: every failure becomes a JSON error result. */
export const dispatch = (server: RealityCore, input: DispatchInput): Promise<HttpResult> =>
  observe(server, input, answer)

const answer = async (server: RealityCore, input: DispatchInput): Promise<HttpResult> => {
  const { method, route } = input
  const config = httpConfig(server)
  const cors = corsHeaders(config.cors, config.cors ? input.header('origin') : undefined, method === 'OPTIONS')
  if (route === null) return withHeaders(notFound(), cors)
  if (method === 'OPTIONS') return { status: 204, headers: { allow: ALLOWED[route], ...cors }, body: '' }
  try {
    const admin = (route === 'mesh' || route === 'invalidate') && isAdmin(config.adminToken, input)
    const limited = admin ? undefined : await limitAddress(config.rateLimiter, input.remoteAddress)
    if (limited) return withHeaders(limited, cors)
    if (method === 'POST' && TAKES_POST.has(route) && !isJsonContentType(input.header('content-type')))
      throw unsupportedMediaType(input.header('content-type'))
    switch (route) {
      case 'sync': {
        // GET/HEAD: the cacheable form (http/cacheable-sync.ts).
        if (method === 'GET' || method === 'HEAD')
          return await answerCacheableSync(server, input, authorizeContext(input, route))
        if (method !== 'POST') return methodNotAllowed(route, method, cors)
        const body = await input.readBody()
        const limitedClient = await limitClient(config.rateLimiter, body)
        if (limitedClient) return withHeaders(limitedClient, cors)
        return json(200, await server.handleSync(body, authorizeContext(input, route)), cors)
      }
      case 'health': {
        if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(route, method, cors)
        const healthy = await server.isHealthy()
        const body = {
          status: healthy ? 'ok' : 'unavailable',
          serverId: server.serverId,
          storage: healthy,
          protocol: PROTOCOL_VERSION,
        }
        return json(
          healthy ? 200 : 503,
          body,
          healthy ? cors : { ...cors, 'retry-after': String(config.retryAfterSeconds) },
        )
      }
      case 'invalidate': {
        if (method !== 'POST') return methodNotAllowed(route, method, cors)
        return await invalidate(server, config.adminToken, input, cors)
      }
      case 'mesh': {
        // Peers exchange updates here; a mesh with a secret checks each exchange's signature.
        if (method !== 'POST') return methodNotAllowed(route, method, cors)
        const body = await input.readBody()
        const { reply, headers } = await server.handleMesh(body, input.header(MESH_SIGNATURE_HEADER))
        return json(200, reply, { ...cors, ...headers })
      }
      case 'events': {
        // SSE compatibility with the keys in the query and metadata as data (compat/sse.ts).
        if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(route, method, cors)
        const keys = new URLSearchParams(input.query).getAll(SSE_KEY_PARAM)
        if (keys.length === 0) throw new InvalidRequestError(`name the keys to report: …${EVENTS_PATH}?key=a&key=b`)
        const ctx = authorizeContext(input, route)
        return withHeaders(await answerSSE(server, input.header('last-event-id'), { keys }, ctx), {
          ...NOSNIFF,
          ...cors,
        })
      }
      case 'metrics': {
        if (method !== 'GET') return methodNotAllowed(route, method, cors)
        const admin = isAdmin(config.adminToken, input)
        return await answerMetrics(server, admin, cors)
      }
      case 'ready': {
        if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(route, method, cors)
        return await answerReady(server, config.retryAfterSeconds, cors)
      }
    }
  } catch (error) {
    if (error instanceof RealityHttpError) return errorResult(error, cors)
    server.reportError(error)
    return json(500, { error: ERROR_CODES.internal, message: 'internal error' }, cors)
  }
}

const withHeaders = (result: HttpResult, headers: Record<string, string>): HttpResult => ({
  ...result,
  headers: { ...result.headers, ...headers },
})

const methodNotAllowed = (route: Route, method: string, cors: Record<string, string>): HttpResult =>
  json(
    405,
    {
      error: ERROR_CODES.methodNotAllowed,
      message: `${method} is not allowed on /${route}: use ${ALLOWED[route].split(',')[0]}`,
    },
    { allow: ALLOWED[route], ...cors },
  )

const invalidate = async (
  server: RealityCore,
  adminToken: string | undefined,
  input: DispatchInput,
  cors: Record<string, string>,
): Promise<HttpResult> => {
  if (!adminToken) {
    return json(
      401,
      {
        error: ERROR_CODES.unauthorized,
        message:
          'invalidation over HTTP is disabled: configure an admin token (adminToken / REALITY_ADMIN_TOKEN / --admin-token-file)',
      },
      cors,
    )
  }
  const token = bearer(input)
  if (!token || !tokenMatches(token, adminToken)) {
    return json(
      401,
      { error: ERROR_CODES.unauthorized, message: 'missing or wrong admin token: send Authorization: Bearer <token>' },
      { 'www-authenticate': 'Bearer', ...cors },
    )
  }
  const body = await input.readBody()
  assertKeyCount(body, 'keys', server.limits.maxKeysPerRequest)
  const parsed = InvalidateRequestSchema.safeParse(body)
  if (!parsed.success) {
    throw new InvalidRequestError(
      `invalid invalidate request: ${summarizeIssues(parsed.error.issues)}`,
      describeIssues(parsed.error.issues),
    )
  }
  const keys = 'keys' in parsed.data ? parsed.data.keys : [parsed.data.key]
  const nodes = await server.invalidateMany(keys, parsed.data.hash)
  return json(200, { updated: nodes }, cors)
}
