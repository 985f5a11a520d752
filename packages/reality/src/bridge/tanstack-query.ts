/**
 * Keep your TanStack Query queries; Reality tells them when to invalidate.
 *
 * @module @rootlodge/reality/tanstack-query
 */
import type { RealityClient } from '../core/client'
import { watchVersions } from './watch-versions'

/** A TanStack Query key. */
export type QueryKey = readonly unknown[]

/**
 * What the bridge needs of a TanStack `QueryClient` (v5, any framework adapter). Declared here rather than imported
 * so that the types resolve even where `@tanstack/query-core` is not reachable from this package (pnpm).
 */
export interface InvalidatingQueryClient {
  /** Tells whether a query holds data yet (a query without any is invalidated on the first sync too). */
  getQueryData(queryKey: QueryKey): unknown
  /** Marks the query stale and refetches it if it is being observed. */
  invalidateQueries(filters: { queryKey: QueryKey }, options: { cancelRefetch: boolean }): Promise<unknown>
}

/** Reality keys to the query keys they invalidate: a record, or a list of Reality keys and a mapping function. */
export type QueryKeyMapping =
  | Readonly<Record<string, QueryKey>>
  | {
      /** The Reality keys to watch. */
      readonly watch: readonly string[]
      /** The query key a changed Reality key invalidates. */
      readonly queryKey: (realityKey: string) => QueryKey
    }

/** Options of `watchQueries`. */
export interface WatchQueriesOptions {
  /** Which Reality key invalidates which query key. */
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
  queryClient: InvalidatingQueryClient,
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
