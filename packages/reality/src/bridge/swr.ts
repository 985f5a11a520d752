/**
 * Keep your SWR hooks; Reality tells them when to revalidate.
 *
 * @module @rootlodge/reality/swr
 */
import type { RealityClient } from '../core/client'
import { watchVersions } from './watch-versions'

/** SWR's `mutate` (the global one from `swr`, or `useSWRConfig().mutate`), as the bridge calls it. */
export type SWRMutate = (key: string) => unknown

/** Reads the data SWR's cache holds for a key (e.g. `(key) => cache.get(key)?.data` from `useSWRConfig()`). */
export type SWRCacheRead = (swrKey: string) => unknown

/** Reality keys to the SWR keys they revalidate: a record, or a list of Reality keys and a mapping function. */
export type SWRKeyMapping =
  | Readonly<Record<string, string>>
  | {
      /** The Reality keys to watch. */
      readonly watch: readonly string[]
      /** The SWR key a changed Reality key revalidates. */
      readonly swrKey: (realityKey: string) => string
    }

/** Options of `watchSWR`. */
export interface WatchSWROptions {
  /** Lets the first sync revalidate keys SWR has no data for yet; without it the first sync never revalidates. */
  cached?: SWRCacheRead
}

/**
 * Watches the Reality keys and calls `mutate(swrKey)` (a revalidation: SWR refetches with its own fetcher) when one
 * changes on the server. The first sync only learns the current version. Returns the function that stops watching.
 *
 * @example
 * import { mutate } from 'swr'
 * const stop = watchSWR(realityClient, mutate, { 'chat:room:general': '/api/messages/general' })
 */
export const watchSWR = (
  realityClient: RealityClient,
  mutate: SWRMutate,
  mapping: SWRKeyMapping,
  options: WatchSWROptions = {},
): (() => void) => {
  const mapped = 'watch' in mapping && typeof mapping.swrKey === 'function'
  const realityKeys = mapped ? (mapping.watch as readonly string[]) : Object.keys(mapping)
  const swrKeyOf = (realityKey: string): string =>
    mapped ? (mapping.swrKey as (k: string) => string)(realityKey) : (mapping as Record<string, string>)[realityKey]
  return watchVersions(realityClient, realityKeys, (realityKey, first) => {
    const swrKey = swrKeyOf(realityKey)
    if (first && (!options.cached || options.cached(swrKey) !== undefined)) return
    void mutate(swrKey)
  })
}
