import { useCallback, useSyncExternalStore } from 'react'
import type { Fetcher, RealityStatus } from '../core/types'
import type { RealityNodeMeta, SyncHint } from '../protocol'
import { useRealityClient } from './context'
import { parseWith, type RealitySchema } from './schema'
import { useLatest } from './use-latest'

/** Options of `useReality`. Callbacks may change on every render; the subscription is kept. */
export interface UseRealityOptions<T> {
  /** Data returned until the first payload is loaded. */
  fallback?: T
  /** Loads the payload from your API when the key's hash changed (and once at first load). */
  fetcher?: Fetcher<T>
  /** Validates each fetched payload (`parse` or `safeParse`, as Zod has); a rejected one becomes `error`. */
  schema?: RealitySchema<T>
  /** Sync this key when the window regains focus or becomes visible (default `true`). */
  refetchOnFocus?: boolean
  /** Sync this key when the network comes back (default `true`). */
  refetchOnReconnect?: boolean
  /** Called with each new sync or fetch error of this key. */
  onError?: (error: Error) => void
  /** `false` leaves the key alone: no subscription, no request (default `true`). */
  enabled?: boolean
}

/** What `useReality` returns: the key's state plus a manual `sync`. */
export interface UseRealityResult<TData> {
  data: TData
  /** Latest change metadata reported by the server; `null` until it knows the key. */
  meta: RealityNodeMeta | null
  status: RealityStatus
  error: Error | null
  isLoading: boolean
  isSyncing: boolean
  isStale: boolean
  /** Syncs this key now (default hint `'interaction'`); never rejects. */
  sync: (hint?: SyncHint) => Promise<void>
}

const noop = (): void => {}

/**
 * Subscribes to `key` through the provider's client. Components using the same key share one state,
 * one sync and one fetch; the payload is refetched only when the server reports a new hash.
 *
 * @example
 * const { data: posts, isLoading } = useReality<Post[]>('posts', {
 *   fallback: [],
 *   fetcher: () => fetch('/api/posts').then((r) => r.json()),
 * })
 */
export function useReality<T>(key: string, options: UseRealityOptions<T> & { fallback: T }): UseRealityResult<T>
export function useReality<T = unknown>(key: string, options?: UseRealityOptions<T>): UseRealityResult<T | undefined>
export function useReality<T>(key: string, options: UseRealityOptions<T> = {}): UseRealityResult<T | undefined> {
  const client = useRealityClient()
  const { enabled = true, refetchOnFocus = true, refetchOnReconnect = true } = options
  const hasFetcher = options.fetcher !== undefined
  const latest = useLatest(options)

  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!enabled) return noop
      const load: Fetcher<T> = async (k, meta) => {
        const { fetcher, schema } = latest.current
        const payload = await fetcher!(k, meta)
        return schema ? parseWith(schema, payload) : payload
      }
      return client.subscribe<T>(key, onChange, {
        fallback: latest.current.fallback,
        fetcher: hasFetcher ? load : undefined,
        refetchOnFocus,
        refetchOnReconnect,
        onError: (error) => latest.current.onError?.(error),
      })
    },
    [client, key, enabled, hasFetcher, refetchOnFocus, refetchOnReconnect, latest],
  )
  const getSnapshot = useCallback(() => client.getState<T>(key), [client, key])
  // The same getter serves the server render: hydrated data is rendered into the HTML.
  const state = useSyncExternalStore(subscribe, getSnapshot, getSnapshot)
  const sync = useCallback((hint: SyncHint = 'interaction') => client.syncKeys([key], hint), [client, key])

  return {
    data: state.data === undefined ? options.fallback : state.data,
    meta: state.meta,
    status: state.status,
    error: state.error,
    isLoading: enabled && state.isLoading,
    isSyncing: state.isSyncing,
    isStale: state.isStale,
    sync,
  }
}
