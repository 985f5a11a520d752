import { useCallback, useSyncExternalStore } from 'react'
import type { Fetcher } from '../core/types'
import type { SyncHint } from '../protocol'
import { useRealityClient } from './context'
import { parseWith } from './schema'
import { useLatest } from './use-latest'
import type {
  FallbackData,
  UseRealityOptions,
  UseRealityOptionsWithSchema,
  UseRealityResult,
} from './use-reality-types'

const noop = (): void => {}

/** What the implementation accepts: any overload's options (a schema types the fetcher's output as unknown). */
type LooseOptions<T> = Omit<UseRealityOptions<T>, 'fetcher'> & { fetcher?: Fetcher<unknown> }

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
export function useReality<T, F extends T = T>(
  key: string,
  options: UseRealityOptionsWithSchema<T> & { fallback: F },
): UseRealityResult<T>
export function useReality<T>(key: string, options: UseRealityOptionsWithSchema<T>): UseRealityResult<T | undefined>
export function useReality<T, F extends T = T>(
  key: string,
  options: UseRealityOptions<T> & { fallback: F },
): UseRealityResult<FallbackData<T, F>>
export function useReality<T = unknown>(key: string, options?: UseRealityOptions<T>): UseRealityResult<T | undefined>
export function useReality<T>(key: string, options: LooseOptions<T> = {}): UseRealityResult<T | undefined> {
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
        // Without a schema the overloads typed the fetcher as returning T.
        return schema ? parseWith(schema, payload) : (payload as T)
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
