import { toError } from '../transport/errors'
import type { KeyEntry } from './key-entry'

/*
 * Payload fetching for one key. A fetch runs only when the payload is missing, was invalidated, or the server
 * reported a newer version with a different hash; at most one runs per key. What is learnt during a fetch queues
 * exactly one follow-up fetch. A result is dropped if the key's epoch moved meanwhile (last unsubscribe, optimistic
 * write), so a slow, older fetch never overwrites newer data.
 */

/** Starts the fetch the key needs, if any; returns the fetch in flight (or undefined). */
export const refresh = (entry: KeyEntry): Promise<void> | undefined => {
  const fetcher = entry.loader()
  if (!entry.subs.size || !fetcher || entry.mutating) return entry.fetching
  const meta = entry.meta
  const newer = meta !== null && meta.version > entry.held
  if (entry.fetching) {
    if ((meta?.version ?? 0) > entry.fetchVersion || entry.dirty > entry.fetchDirty) entry.refetch = true
    return entry.fetching
  }
  if (entry.loaded && entry.dirty === entry.cleanDirty && !(newer && meta.hash !== entry.heldHash)) {
    // Same content under a new version: adopt the version, skip the fetch.
    if (newer) entry.held = meta.version
    entry.commit()
    return undefined
  }
  const epoch = entry.epoch
  const dirty = entry.dirty
  entry.fetchVersion = meta?.version ?? 0
  entry.fetchDirty = dirty
  const run: Promise<void> = Promise.resolve()
    .then(() => fetcher(entry.key, meta))
    .then(
      (data) => {
        if (entry.epoch !== epoch) return
        entry.data = data
        entry.loaded = true
        entry.fetchError = null
        entry.failures = 0
        entry.cleanDirty = dirty
        if (meta && meta.version >= entry.held) {
          entry.held = meta.version
          entry.heldHash = meta.hash
        }
      },
      (error: unknown) => {
        if (entry.epoch !== epoch) return
        entry.fetchError = toError(error)
        entry.failures++
        entry.report(entry.fetchError)
        entry.onFail?.()
      },
    )
    .finally(() => {
      if (entry.fetching !== run) return
      entry.fetching = undefined
      entry.commit()
      if (entry.refetch) {
        entry.refetch = false
        refresh(entry)
      }
    })
  entry.fetching = run
  entry.commit()
  return run
}

/** Resolves once the key has no fetch in flight, follow-up fetches included. */
export const settled = async (entry: KeyEntry): Promise<void> => {
  while (entry.fetching) await entry.fetching
}

/** Stops all work for a key whose last subscriber left: in-flight results are dropped. */
export const stop = (entry: KeyEntry): void => {
  entry.epoch++
  entry.fetching = undefined
  entry.refetch = false
}
