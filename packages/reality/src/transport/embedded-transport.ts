import { lookupEmbeddedServer } from '../protocol/embedded-registry'
import { parseSyncResponse } from '../protocol/response-guard'
import { RealityError } from './errors'
import type { SyncTransport } from './types'

/**
 * Sync in-process with the embedded server `lookupEmbeddedServer(serverId)` finds (looked up at each request, so it
 * may be created after the client). No HTTP, and no import of the server package. The answer is validated like an
 * HTTP one: the server may come from another copy of the packages.
 *
 * @example
 * const transport = createEmbeddedTransport('ssr')
 */
export const createEmbeddedTransport =
  (serverId?: string): SyncTransport =>
  async (request) => {
    const target = lookupEmbeddedServer(serverId)
    if (!target) {
      throw new RealityError(
        'embedded',
        `no embedded Reality server${serverId === undefined ? '' : ` for "${serverId}"`} registered`,
      )
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
