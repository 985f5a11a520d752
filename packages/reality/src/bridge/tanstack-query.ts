/**
 * @module
 * `@rootlodge/reality/tanstack-query`: keep your TanStack Query queries; Reality tells them when to invalidate.
 */
import type { QueryClient, QueryKey } from '@tanstack/query-core'
import type { RealityClient } from '../core/client'
import { watchVersions } from './watch-versions'

/** Reality keys to the query keys they invalidate: a record, or a list of Reality keys and a mapping function. */
export type QueryKeyMapping =
  | Readonly<Record<string, QueryKey>>
  | { readonly watch: readonly string[]; readonly queryKey: (realityKey: string) => QueryKey }

export interface WatchQueriesOptions {
  keys: QueryKeyMapping
}

/**
 * Watches the Reality keys and calls `queryClient.invalidateQueries({ queryKey })` when one changes on the server.
 * Your queries keep fetching their data; Reality only syncs versions. The first sync only learns the current
 * version and invalidates nothing, unless the query holds no data yet. Returns the function that stops watching.
 *
 * @example
 * const stop = watchQueries(realityClient, queryClient, {
 *   keys: { 'chat:room:general': ['messages', 'general'] },
 * })
 */
export const watchQueries = (
  realityClient: RealityClient,
  queryClient: QueryClient,
  options: WatchQueriesOptions,
): (() => void) => {
  const { keys } = options
  const mapped = 'watch' in keys && typeof keys.queryKey === 'function'
  const realityKeys = mapped ? (keys.watch as readonly string[]) : Object.keys(keys)
  const queryKeyOf = (realityKey: string): QueryKey =>
    mapped ? (keys.queryKey as (k: string) => QueryKey)(realityKey) : (keys as Record<string, QueryKey>)[realityKey]
  return watchVersions(realityClient, realityKeys, (realityKey, first) => {
    const queryKey = queryKeyOf(realityKey)
    if (first && queryClient.getQueryData(queryKey) !== undefined) return
    // A fetch already in flight covers the change only if it started after it: let it finish, do not cancel it.
    void queryClient.invalidateQueries({ queryKey }, { cancelRefetch: false })
  })
}
