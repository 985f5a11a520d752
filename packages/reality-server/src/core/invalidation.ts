import type { RealityNodeMeta } from '@rootlodge/reality/types'

/** What an invalidation adapter may call on the server it is attached to. */
export interface InvalidationTarget {
  /** Marks keys changed (new versions, hashes derived from them) and resolves to their metadata. */
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
  /** Called by `setInvalidationAdapter`: from now on the adapter invalidates keys on `target`. */
  attach?(target: InvalidationTarget): void
  /** Called when another adapter replaces this one: undo what `attach` installed. */
  detach?(): void
  /** Hears the keys of every invalidation, after it was written; a failure goes to `onError`. */
  onInvalidate?(keys: string[]): void | Promise<void>
}
