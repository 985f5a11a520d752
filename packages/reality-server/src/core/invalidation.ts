import type { RealityNodeMeta } from '@rootlodge/reality/types'

/** What an invalidation adapter may call on the server it is attached to. */
export interface InvalidationTarget {
  invalidateMany(keys: readonly string[]): Promise<RealityNodeMeta[]>
  /** Reports a failure that must not fail the caller's write (a RealityServer sends it to `onError`). */
  reportError?(error: unknown): void
}

/**
 * Connects a data layer to a server: `attach` receives the server (an ORM hook calls
 * `invalidateMany` after a committed write); `onInvalidate` hears of every invalidation.
 * Adapters: src/invalidation/.
 */
export interface InvalidationAdapter {
  attach?(target: InvalidationTarget): void
  detach?(): void
  onInvalidate?(keys: string[]): void | Promise<void>
}
