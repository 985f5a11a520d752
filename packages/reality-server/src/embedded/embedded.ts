import {
  EMBEDDED_REGISTRY_KEY,
  type RealityNodeMeta,
  type SyncRequestInput,
  type SyncResponse,
} from '@rootlodge/reality/types'
import type { RealityServerOptions } from '../core/options'
import { createRealityServer, type RealityServer } from '../server'

/** An in-process Reality server for SSR: same semantics as HTTP, no network hop. */
export interface EmbeddedRealityServer {
  readonly serverId: string
  readonly server: RealityServer
  handleSync(request: SyncRequestInput | unknown): Promise<SyncResponse>
  invalidate(keys: string | readonly string[]): Promise<RealityNodeMeta[]>
  updateNode(key: string, hash: string): Promise<RealityNodeMeta>
  getNode(key: string): Promise<RealityNodeMeta | null>
}

type Registry = { default?: EmbeddedRealityServer; byId: Map<string, EmbeddedRealityServer> }

const registry = (): Registry => {
  const slot = Symbol.for(EMBEDDED_REGISTRY_KEY)
  const global = globalThis as unknown as Record<symbol, Registry | undefined>
  let found = global[slot]
  if (!found) {
    found = { byId: new Map() }
    global[slot] = found
  }
  return found
}

/**
 * Returns this process's embedded server for `serverId`, creating it once. Kept on
 * `globalThis`, so a dev server's hot reload (which re-evaluates modules) reuses the same
 * versions instead of starting a second, empty graph.
 *
 * @example
 * const embedded = createEmbeddedRealityServer({ serverId: 'ssr' })
 * await embedded.invalidate(['posts'])
 */
export const createEmbeddedRealityServer = (options: RealityServerOptions = {}): EmbeddedRealityServer => {
  const reg = registry()
  const id = options.serverId ?? 'embedded'
  const existing = reg.byId.get(id)
  if (existing) return existing
  const server = createRealityServer({ ...options, serverId: id })
  const embedded: EmbeddedRealityServer = {
    serverId: id,
    server,
    handleSync: (request) => server.handleSync(request),
    invalidate: (keys) => server.invalidateMany(typeof keys === 'string' ? [keys] : keys),
    updateNode: (key, hash) => server.updateNode(key, hash),
    getNode: (key) => server.getNode(key),
  }
  reg.byId.set(id, embedded)
  reg.default ??= embedded
  return embedded
}

/** The embedded server registered under `serverId` (or the first one), if any. */
export const getEmbeddedRealityServer = (serverId?: string): EmbeddedRealityServer | undefined => {
  const reg = registry()
  return serverId === undefined ? reg.default : reg.byId.get(serverId)
}
