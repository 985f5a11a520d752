import { parseSyncResponse } from '../protocol/response-guard'
import { findEmbedded } from '../utils/env'
import { RealityError } from './errors'
import type { SyncTransport } from './types'

/**
 * Sync in-process with the embedded server registered by `createEmbeddedRealityServer` (looked up at each request,
 * so it may be created after the client). No HTTP, and no import of the server package.
 *
 * @example
 * const transport = createEmbeddedTransport('ssr')
 */
export const createEmbeddedTransport =
  (serverId?: string): SyncTransport =>
  async (request) => {
    const target = findEmbedded(serverId)
    if (!target) {
      throw new RealityError('embedded', `no embedded Reality server ${serverId ?? ''} registered`)
    }
    let raw: unknown
    try {
      raw = await target.handleSync(request)
    } catch (error) {
      throw new RealityError('embedded', `embedded: ${(error as Error)?.message ?? error}`, { cause: error })
    }
    const parsed = parseSyncResponse(raw)
    if (!parsed) throw new RealityError('invalid_response', 'embedded: malformed response')
    return parsed
  }
