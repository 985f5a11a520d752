import type { InvalidationAdapter } from '../core/invalidation'

/** Options of `createCallbackInvalidationAdapter`. */
export interface CallbackInvalidationOptions {
  /** Called with the keys of every invalidation, after they were written. */
  onInvalidate: (keys: string[]) => void | Promise<void>
}

/**
 * An adapter that only calls you back with the keys of every invalidation, e.g. to purge a
 * CDN or log. A throwing callback is reported to `onError`; it never fails the write.
 *
 * @example
 * server.setInvalidationAdapter(createCallbackInvalidationAdapter({ onInvalidate: (keys) => log(keys) }))
 */
export const createCallbackInvalidationAdapter = (options: CallbackInvalidationOptions): InvalidationAdapter => ({
  onInvalidate: options.onInvalidate,
})
