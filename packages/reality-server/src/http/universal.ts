import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RealityCore } from '../core/reality-core'
import { handleFetchRequest } from './fetch'
import { handleNodeRequest } from './node'
import { fetchRemoteAddress } from './remote-address'

/*
 * `createFetchHandler`: one handler that answers whatever calls it, a fetch `Request`, a Hono
 * context or Express's `(req, res, next)`. Only this argument sniffing needs both bridges.
 */

/** Options of `createFetchHandler`. */
export interface FetchHandlerOptions {
  /**
   * Mount point, e.g. `/reality`: then only the routes of `ROUTES` under it (`/reality/sync`,
   * `/reality/health`, `/reality/invalidate`, `/reality/mesh`) are served and anything else is
   * 404. Without a prefix the handler serves whatever route it is mounted on: `.../health`,
   * `.../invalidate` and `.../mesh` by their last segment, any other path as sync.
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
export const createFetchHandler = (server: RealityCore, options: FetchHandlerOptions = {}): UniversalFetchHandler => {
  const { prefix } = options
  const handler = (first: unknown, second?: unknown, third?: unknown): Promise<Response | undefined> => {
    if (isRequest(first))
      return handleFetchRequest(server, first, prefix, { remoteAddress: fetchRemoteAddress(first, second) })
    const context = first as (ContextLike & { get?: (name: string) => unknown; var?: unknown }) | null
    const raw = context?.req?.raw
    if (raw !== undefined && isRequest(raw))
      return handleFetchRequest(server, raw, prefix, {
        user: typeof context?.get === 'function' ? context.get('user') : undefined,
        locals: context?.var,
      })
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
