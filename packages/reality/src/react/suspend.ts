import type { RealityClient } from '../core/client'
import type { SubscribeOptions } from '../core/types'

/** Loads in flight for suspended components, by client and key: every render of a key throws the same promise. */
const pending = new WeakMap<RealityClient, Map<string, Promise<void>>>()

/**
 * The promise a suspended `useReality` throws: it subscribes to `key` (so the key is synced and fetched while
 * nothing is mounted yet) and settles, unsubscribing, once the key is no longer loading: loaded, or failed.
 */
export const suspend = (client: RealityClient, key: string, options: SubscribeOptions<unknown>): Promise<void> => {
  const loads = pending.get(client) ?? new Map<string, Promise<void>>()
  pending.set(client, loads)
  let promise = loads.get(key)
  if (!promise) {
    promise = new Promise<void>((resolve) => {
      let done = false
      const off = client.subscribe(
        key,
        (state) => {
          if (state.isLoading || done) return
          done = true
          loads.delete(key)
          // Unsubscribed after `subscribe` returned when this runs during it.
          queueMicrotask(() => off())
          resolve()
        },
        options,
      )
    })
    loads.set(key, promise)
  }
  return promise
}
