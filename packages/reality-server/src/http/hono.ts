import type { RealityCore } from '../core/reality-core'
import { routeOf } from './dispatch'
import { handleFetchRequest } from './fetch'

/** The part of a Hono context the middleware uses (typed structurally: no `import 'hono'`). */
export interface HonoContextLike {
  /** Hono's request wrapper; the middleware reads the fetch `Request` in `raw`. */
  req: {
    /** The fetch `Request`. */
    raw: Request
  }
  /** Hono's per-request variables: `user` is handed to the `authorize` hook as `ctx.user`. */
  get?: (name: string) => unknown
  /** Hono's `c.var`: handed to the `authorize` hook as `ctx.locals`. */
  var?: unknown
}

/** Options of `createHonoMiddleware`. */
export interface HonoMiddlewareOptions {
  /** Mount point the middleware serves (default `/reality`): the routes of `ROUTES` under it. */
  prefix?: string
}

/**
 * Hono middleware serving the Reality routes under a prefix; any other path goes on to
 * `next()`, so it can sit in front of your own routes (Node, Bun, Deno, Workers alike).
 *
 * @example
 * app.use('/reality/*', createHonoMiddleware(server))
 */
export const createHonoMiddleware = (server: RealityCore, options: HonoMiddlewareOptions = {}) => {
  const prefix = options.prefix ?? '/reality'
  return async (c: HonoContextLike, next: () => Promise<void>): Promise<Response | undefined> => {
    if (routeOf(new URL(c.req.raw.url).pathname, prefix) === null) {
      await next()
      return undefined
    }
    return handleFetchRequest(server, c.req.raw, prefix, { user: c.get?.('user'), locals: c.var })
  }
}
