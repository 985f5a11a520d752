import { EMBEDDED_REGISTRY_KEY } from '../protocol/constants'
import type { RealityNodeMeta, SyncRequestInput, SyncResponse } from '../protocol/schemas'

/** What SSR uses of the embedded server that `createEmbeddedRealityServer` registers in this process. */
export interface EmbeddedServerHandle {
  readonly serverId: string
  handleSync(request: SyncRequestInput): Promise<SyncResponse>
  invalidate(keys: string | readonly string[]): Promise<RealityNodeMeta[]>
}

type Registry = { default?: EmbeddedServerHandle; byId?: Map<string, EmbeddedServerHandle> }

/**
 * The embedded server registered under `serverId`, found through `globalThis` so the client package never
 * imports the server package. Without `serverId`, or when the process has a single embedded server under
 * another id (the API guide names the adapter `'tanstack-ssr'` and the server `'ssr'`), that one is used.
 *
 * @example
 * const embedded = getEmbeddedServer('ssr')
 * await embedded.invalidate(['posts'])
 */
export const getEmbeddedServer = (serverId?: string): EmbeddedServerHandle => {
  const registry = (globalThis as Record<symbol, Registry | undefined>)[Symbol.for(EMBEDDED_REGISTRY_KEY)]
  const byId = serverId === undefined ? undefined : registry?.byId?.get(serverId)
  const found = byId ?? (serverId === undefined || registry?.byId?.size === 1 ? registry?.default : undefined)
  if (found) return found
  const which =
    serverId === undefined ? 'no embedded Reality server is' : `embedded Reality server "${serverId}" is not`
  throw new Error(`${which} registered: call createEmbeddedRealityServer() from @rootlodge/reality-server first`)
}
