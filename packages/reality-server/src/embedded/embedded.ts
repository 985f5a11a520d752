import {
  type EmbeddedServerHandle,
  lookupEmbeddedServer,
  type RealityNodeMeta,
  registerEmbeddedServer,
  type SyncRequestInput,
  type SyncResponse,
  unregisterEmbeddedServer,
} from '@rootlodge/reality/types'
import type { RealityServerOptions } from '../core/options'
import { createRealityServer, type RealityServer } from '../server'

/** An in-process Reality server for SSR: same semantics as HTTP, no network hop. */
export interface EmbeddedRealityServer extends EmbeddedServerHandle {
  /** The id it is registered under in the process. */
  readonly serverId: string
  /** The `RealityServer` behind it: mount its HTTP handlers too when browsers sync over HTTP. */
  readonly server: RealityServer
  /** Answers a sync request in process (`POST {prefix}/sync` without the HTTP). */
  handleSync(request: SyncRequestInput | unknown): Promise<SyncResponse>
  /** Marks keys changed (hashes derived from the new versions) and resolves to their metadata. */
  invalidate(keys: string | readonly string[]): Promise<RealityNodeMeta[]>
  /** Records a change of `key` with the app's content hash and resolves to its new metadata. */
  updateNode(key: string, hash: string): Promise<RealityNodeMeta>
  /** The key's current metadata, or `null` when it has none. */
  getNode(key: string): Promise<RealityNodeMeta | null>
  /** Removes this server from the process registry and closes it; a later create with its id starts afresh. */
  close(): Promise<void>
}

/**
 * Returns this process's embedded server for `serverId` (default `'embedded'`), creating it once. Kept on
 * `globalThis`, so a dev server's hot reload (which re-evaluates modules) reuses the same versions instead of
 * starting a second, empty graph, and the client's `ssr-embedded` / `auto` modes find it there.
 *
 * @example
 * const embedded = createEmbeddedRealityServer({ serverId: 'ssr' })
 * await embedded.invalidate(['posts'])
 */
export const createEmbeddedRealityServer = (options: RealityServerOptions = {}): EmbeddedRealityServer => {
  const id = options.serverId ?? 'embedded'
  return registerEmbeddedServer(id, () => {
    const server = createRealityServer({ ...options, serverId: id })
    const embedded: EmbeddedRealityServer = {
      serverId: id,
      server,
      handleSync: (request) => server.handleSync(request),
      invalidate: (keys) => server.invalidateMany(typeof keys === 'string' ? [keys] : keys),
      updateNode: (key, hash) => server.updateNode(key, hash),
      getNode: (key) => server.getNode(key),
      close: () => {
        unregisterEmbeddedServer(embedded)
        return server.close()
      },
    }
    return embedded
  })
}

/**
 * The embedded server `serverId` means, by the rule the client uses too (`lookupEmbeddedServer` in
 * `@rootlodge/reality/types`): the one registered under `serverId`; without `serverId`, the first one registered;
 * for an id nobody registered, the only one of the process when there is exactly one; otherwise `undefined`.
 */
export const getEmbeddedRealityServer = (serverId?: string): EmbeddedRealityServer | undefined =>
  lookupEmbeddedServer(serverId) as EmbeddedRealityServer | undefined
