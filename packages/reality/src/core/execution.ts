import type { TimeoutProvider } from '../managers/timeout-manager'
import { lookupEmbeddedServer } from '../protocol/embedded-registry'
import { createEmbeddedTransport } from '../transport/embedded-transport'
import { syncUrls } from '../transport/endpoints'
import { createHttpTransport } from '../transport/http-transport'
import type { SyncTransport } from '../transport/types'
import { isBrowser } from '../utils/env'
import type { RealityOptions } from './types'

/** The execution mode a client actually uses: `auto` resolved. */
export type ResolvedExecutionMode = 'client' | 'ssr-embedded' | 'server-external'

/**
 * Chooses how syncs travel. `client` and `server-external` use HTTP (the latter from a server runtime, to a
 * dedicated Reality server); `ssr-embedded` calls the embedded server in-process; `auto` picks HTTP in a browser,
 * the embedded server in a server runtime where `lookupEmbeddedServer(serverId)` finds one, HTTP otherwise. `auto`
 * decides at each request, so an embedded server created after the client is still found.
 */
export const selectTransport = (
  options: RealityOptions,
  timers: TimeoutProvider,
): { transport: SyncTransport; mode: () => ResolvedExecutionMode } => {
  const requested = options.executionMode ?? 'auto'
  const http = createHttpTransport({
    urls: syncUrls(options.servers, options.endpoint),
    fetch: options.fetch,
    headers: options.headers,
    credentials: options.credentials,
    cacheable: options.cacheable,
    timeout: options.timeout ?? 10_000,
    maxRetries: options.maxRetries ?? 3,
    retryBaseDelay: options.retryBaseDelay ?? 100,
    blacklistDuration: options.blacklistDuration ?? 30_000,
    timers,
  })
  const embedded = createEmbeddedTransport(options.serverId)
  const mode = (): ResolvedExecutionMode => {
    if (requested !== 'auto') return requested
    return isBrowser() || !lookupEmbeddedServer(options.serverId) ? 'client' : 'ssr-embedded'
  }
  return { mode, transport: (request) => (mode() === 'ssr-embedded' ? embedded : http)(request) }
}
