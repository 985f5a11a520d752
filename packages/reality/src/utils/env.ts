import { EMBEDDED_REGISTRY_KEY } from '../protocol/constants'
import type { SyncResponse } from '../protocol/schemas'

/*
 * Runtime detection, in one place. A browser has both `window` and `document` (Deno 1 had `window` only, React
 * Native has `window` without `document`).
 */

export const isBrowser = (): boolean => typeof window !== 'undefined' && typeof document !== 'undefined'

/** What the client needs of an embedded server: the in-process equivalent of `POST /reality/sync`. */
export interface EmbeddedSyncTarget {
  handleSync(request: unknown): Promise<SyncResponse | unknown>
}

type Registry = { default?: EmbeddedSyncTarget; byId?: Map<string, EmbeddedSyncTarget> }

/** The embedded server registered by `createEmbeddedRealityServer` in this process, if any. */
export const findEmbedded = (serverId?: string): EmbeddedSyncTarget | undefined => {
  const registry = (globalThis as Record<symbol, Registry | undefined>)[Symbol.for(EMBEDDED_REGISTRY_KEY)]
  return serverId === undefined ? registry?.default : registry?.byId?.get(serverId)
}
