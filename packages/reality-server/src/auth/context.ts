import type { RouteName } from '@rootlodge/reality/types'

/*
 * What the `authorize` hook sees of a request: the same shape from every adapter (node:http, Express, Fastify, Hono,
 * Next.js, fetch, SSE compat), so one hook works wherever the server is mounted.
 */

/** The request as the `authorize` hook sees it. */
export interface AuthorizeRequest {
  /** `GET`, `POST`… */
  readonly method: string
  /** Path and query as received (`/reality/sync?keys=…`). */
  readonly url: string
  /** The path without the query. */
  readonly path: string
  /** A request header by case-insensitive name (several values joined by `, `); `undefined` when absent. */
  header(name: string): string | undefined
  /** A cookie of the `Cookie` header by name, URL-decoded; `undefined` when absent. */
  cookie(name: string): string | undefined
}

/** The first argument of the `authorize` hook. */
export interface AuthorizeContext {
  /** The request asking: method, URL, headers and cookies. */
  readonly request: AuthorizeRequest
  /**
   * The user your framework put on the request, when there is one: Express/Connect `req.user` (Passport),
   * Fastify `request.user`, Hono `c.get('user')`. Plain node:http, fetch handlers and Next.js leave it undefined:
   * read the session from `request.header`/`request.cookie` there.
   */
  readonly user?: unknown
  /** Express `res.locals`, Hono `c.var`, when present: what earlier middleware stored for this request. */
  readonly locals?: unknown
  /** The route asking: `sync` (`POST` and cacheable `GET`) or `events` (SSE compat); `direct` for `handleSync` calls. */
  readonly route: RouteName | 'direct'
}

/** What an adapter knows of a request, from which the context is built. */
export interface RequestFacts {
  method: string
  url: string
  header: (name: string) => string | null | undefined
  user?: unknown
  locals?: unknown
}

const cookieOf = (header: string | undefined, name: string): string | undefined => {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue
    let value = part.slice(eq + 1).trim()
    if (value.startsWith('"') && value.endsWith('"') && value.length > 1) value = value.slice(1, -1)
    try {
      return decodeURIComponent(value)
    } catch {
      return value
    }
  }
  return undefined
}

/** Builds the hook's context of one request. */
export const authorizeContext = (facts: RequestFacts, route: AuthorizeContext['route']): AuthorizeContext => {
  const header = (name: string): string | undefined => facts.header(name.toLowerCase()) ?? undefined
  const query = facts.url.indexOf('?')
  const context: { -readonly [K in keyof AuthorizeContext]: AuthorizeContext[K] } = {
    request: {
      method: facts.method,
      url: facts.url,
      path: query === -1 ? facts.url : facts.url.slice(0, query),
      header,
      cookie: (name) => cookieOf(header('cookie'), name),
    },
    route,
  }
  if (facts.user !== undefined) context.user = facts.user
  if (facts.locals !== undefined) context.locals = facts.locals
  return context
}

/** The context of a direct `handleSync(body)` call: no headers, no cookies, no user. */
export const directContext = (): AuthorizeContext =>
  authorizeContext({ method: 'POST', url: '', header: () => undefined }, 'direct')
