import type { RealityClient } from '../core/client'

/**
 * Called when a watched key's version moved. `first`: the first sync of the watch only learnt the current version,
 * which says nothing about whether the app's copy is outdated.
 */
export type VersionListener = (realityKey: string, first: boolean) => void

/**
 * Subscribes to `keys` without a fetcher: Reality only syncs versions (on its own triggers: mount, focus, visible
 * tab, reconnect, cadence) and never loads a payload. Returns the function that unsubscribes every key.
 */
export const watchVersions = (
  client: RealityClient,
  keys: readonly string[],
  listener: VersionListener,
): (() => void) => {
  const stops = keys.map((key) => {
    // undefined until the first sync answered; 0 while the server has never seen the key.
    let known: number | undefined
    return client.subscribe(key, (state) => {
      if (state.lastSyncAt === null) return
      const version = state.meta?.version ?? 0
      if (known === undefined) {
        known = version
        listener(key, true)
      } else if (version > known) {
        known = version
        listener(key, false)
      }
    })
  })
  return () => {
    for (const stop of stops) stop()
  }
}
