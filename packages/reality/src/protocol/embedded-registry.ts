import type { RealityNodeMeta, SyncRequestInput, SyncResponse } from './schemas'

/**
 * The process-wide registry of embedded servers, shared by `@rootlodge/reality-server` (which registers them) and
 * the client (which finds them without importing the server package). It lives on `globalThis` under
 * `Symbol.for(EMBEDDED_REGISTRY_KEY)`, so every copy of either package in the process, and every re-evaluation
 * of their modules by a dev server's hot reload, sees the same servers.
 */
export const EMBEDDED_REGISTRY_KEY = '@rootlodge/reality/embedded'

/** What the client uses of an embedded server: the in-process equivalent of `POST /reality/sync`, and invalidation. */
export interface EmbeddedServerHandle {
  /** The id the server was registered under. */
  readonly serverId: string
  /** Answers a sync request in process, as `POST {prefix}/sync` would. */
  handleSync(request: SyncRequestInput): Promise<SyncResponse>
  /** Marks keys changed and resolves to their new metadata. */
  invalidate(keys: string | readonly string[]): Promise<RealityNodeMeta[]>
}

/** The shape stored on `globalThis`: servers by id, in registration order. */
interface EmbeddedRegistry {
  byId: Map<string, EmbeddedServerHandle>
}

const registry = (): EmbeddedRegistry => {
  const global = globalThis as unknown as Record<symbol, EmbeddedRegistry | undefined>
  const slot = Symbol.for(EMBEDDED_REGISTRY_KEY)
  const found = global[slot] ?? { byId: new Map() }
  global[slot] = found
  return found
}

/**
 * Returns the server registered under `serverId`, registering `create()` first when there is none, so a module
 * evaluated again (hot reload) gets the same server back.
 */
export const registerEmbeddedServer = <T extends EmbeddedServerHandle>(serverId: string, create: () => T): T => {
  const { byId } = registry()
  const existing = byId.get(serverId) as T | undefined
  if (existing) return existing
  const created = create()
  byId.set(serverId, created)
  return created
}

/** Removes `server` from the registry (only if it is the one registered under its id). */
export const unregisterEmbeddedServer = (server: EmbeddedServerHandle): void => {
  const { byId } = registry()
  if (byId.get(server.serverId) === server) byId.delete(server.serverId)
}

/**
 * Finds the embedded server a `serverId` means. The one rule, used by the server's `getEmbeddedRealityServer`,
 * the client's `getEmbeddedServer` and its `ssr-embedded` / `auto` execution modes alike:
 *
 * 1. a server registered under `serverId` is that server;
 * 2. without `serverId`, the first server registered;
 * 3. with a `serverId` nobody registered, the only server of the process, when there is exactly one (an adapter
 *    may name itself `'tanstack-ssr'` while the process created its server as `'ssr'`);
 * 4. otherwise none: several servers and none of them is `serverId`, or no server at all.
 */
export const lookupEmbeddedServer = (serverId?: string): EmbeddedServerHandle | undefined => {
  const { byId } = registry()
  const exact = serverId === undefined ? undefined : byId.get(serverId)
  if (exact) return exact
  if (serverId !== undefined && byId.size !== 1) return undefined
  return byId.values().next().value
}
