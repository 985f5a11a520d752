import type { RealityCore } from '../core/reality-core'
import { handleFetchRequest } from './fetch'

/** Options of `createNextRouteHandlers`. */
export interface NextRouteHandlerOptions {
  /**
   * Mount point when the route file is a catch-all such as `app/reality/[...path]/route.ts`
   * (pass `/reality`: then only the routes of `ROUTES` under it answer, 404 elsewhere).
   * Leave it out for a single route file like `app/reality/sync/route.ts`.
   */
  prefix?: string
}

type RouteHandler = (request: Request) => Promise<Response>

/** The App Router's route handler exports. */
export interface NextRouteHandlers {
  /** Health, readiness, metrics, SSE compatibility and the cacheable `GET` sync. */
  GET: RouteHandler
  /** `HEAD` of the `GET` routes. */
  HEAD: RouteHandler
  /** Sync, invalidate and the mesh exchange. */
  POST: RouteHandler
  /** CORS preflight (with the server's `cors` option). */
  OPTIONS: RouteHandler
}

/**
 * Route handlers for a Next.js App Router `route.ts`: POST for sync, invalidate and mesh, GET/HEAD
 * for health, OPTIONS for CORS preflight. One function serves every method; Next only needs
 * them as named exports.
 *
 * @example
 * // app/reality/[...path]/route.ts
 * export const { GET, POST, OPTIONS } = createNextRouteHandlers(server, { prefix: '/reality' })
 */
export const createNextRouteHandlers = (
  server: RealityCore,
  options: NextRouteHandlerOptions = {},
): NextRouteHandlers => {
  const handler: RouteHandler = (request) => handleFetchRequest(server, request, options.prefix)
  return { GET: handler, HEAD: handler, POST: handler, OPTIONS: handler }
}
