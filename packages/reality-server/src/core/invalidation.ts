import type { RealityNodeMeta } from '@rootlodge/reality/types'

/** What an invalidation adapter may call on the server it is attached to. */
export interface InvalidationTarget {
  invalidateMany(keys: readonly string[]): Promise<RealityNodeMeta[]>
}

/**
 * Connects a data layer to a server: `attach` receives the server (an ORM hook calls
 * `invalidateMany` after a committed write); `onInvalidate` hears of every invalidation.
 */
export interface InvalidationAdapter {
  attach?(target: InvalidationTarget): void
  detach?(): void
  onInvalidate?(keys: string[]): void | Promise<void>
}

/**
 * An adapter that only calls you back with the keys of every invalidation.
 *
 * @example
 * server.setInvalidationAdapter(createCallbackInvalidationAdapter({ onInvalidate: (keys) => log(keys) }))
 */
export const createCallbackInvalidationAdapter = (options: {
  onInvalidate: (keys: string[]) => void | Promise<void>
}): InvalidationAdapter => ({ onInvalidate: options.onInvalidate })
