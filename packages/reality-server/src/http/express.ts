import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RealityCore } from '../core/reality-core'
import { handleNodeRequest } from './node'

type Next = (error?: unknown) => void

/**
 * An Express/Connect route handler for one route, with or without `express.json()` before it.
 *
 * @example
 * app.post('/reality/sync', createExpressAdapter(server))
 */
export const createExpressAdapter =
  (server: RealityCore) =>
  (req: IncomingMessage, res: ServerResponse, next?: Next): Promise<void> =>
    handleNodeRequest(server, req, res, { next }).catch((error) => next?.(error))

/**
 * Express/Connect middleware serving the Reality routes (`ROUTES`: `/sync`, `/health`,
 * `/invalidate`, `/mesh`) under its mount path; other paths fall through to `next()`.
 *
 * @example
 * app.use('/reality', createExpressMiddleware(server))
 */
export const createExpressMiddleware =
  (server: RealityCore) =>
  (req: IncomingMessage, res: ServerResponse, next: Next): Promise<void> =>
    handleNodeRequest(server, req, res, { prefix: '', next }).catch(next)
