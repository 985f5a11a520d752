import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react'
import type { Fetcher, SubscribeOptions } from '../core/types'
import type { SyncHint } from '../protocol'
import { useRealityClient } from './context'
import { parseWith } from './schema'
import { suspend } from './suspend'
import { useLatest } from './use-latest'
import type {
  FallbackData,
  KeyArg,
  KeyBound,
  KeyData,
  NoKeyType,
  Selected,
  UseRealityOptions,
  UseRealityOptionsWithSchema,
  UseRealityResult,
} from './use-reality-types'

const noop = (): void => {}

/** What the implementation accepts: any overload's options (a schema types the fetcher's output as unknown). */
type LooseOptions = Omit<UseRealityOptions<unknown, unknown>, 'fetcher'> & { fetcher?: Fetcher<unknown> | undefined }

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
export function useReality<T, F extends T = T, S = never>(
  key: KeyArg<T>,
  options: UseRealityOptionsWithSchema<T, S> & { fallback: F },
): UseRealityResult<Selected<S, T>>
export function useReality<T, S = never>(
  key: KeyArg<T>,
  options: UseRealityOptionsWithSchema<T, S> & { suspense: true },
): UseRealityResult<Selected<S, T>>
export function useReality<T, S = never>(
  key: KeyArg<T>,
  options: UseRealityOptionsWithSchema<T, S>,
): UseRealityResult<Selected<S, T> | undefined>
export function useReality<D = NoKeyType, T extends KeyBound<D> = KeyBound<D>, F extends T = T, S = never>(
  key: KeyArg<D>,
  options: UseRealityOptions<T, S, KeyData<D, T>> & { fallback: F },
): UseRealityResult<Selected<S, FallbackData<KeyData<D, T>, F>>>
export function useReality<D = NoKeyType, T extends KeyBound<D> = KeyBound<D>, S = never>(
  key: KeyArg<D>,
  options: UseRealityOptions<T, S, KeyData<D, T>> & { suspense: true },
): UseRealityResult<Selected<S, KeyData<D, T>>>
export function useReality<D = NoKeyType, T extends KeyBound<D> = KeyBound<D>, S = never>(
  key: KeyArg<D>,
  options?: UseRealityOptions<T, S, KeyData<D, T>>,
): UseRealityResult<Selected<S, KeyData<D, T>> | undefined>
export function useReality(key: string, options: LooseOptions = {}): UseRealityResult<unknown> {
  const client = useRealityClient()
  const { enabled = true, refetchOnFocus = true, refetchOnReconnect = true, select } = options
  const hasFetcher = options.fetcher !== undefined
  const latest = useLatest(options)

  // The subscription's options, read when subscribing; callbacks read the latest render's.
  const subscribeOptions = useCallback((): SubscribeOptions<unknown> => {
    const load: Fetcher<unknown> = async (k, meta) => {
      const { fetcher, schema } = latest.current
      const payload = await fetcher!(k, meta)
      return schema ? parseWith(schema, payload) : payload
    }
    return {
      fallback: latest.current.fallback,
      fetcher: hasFetcher ? load : undefined,
      refetchOnFocus,
      refetchOnReconnect,
      onError: (error) => latest.current.onError?.(error),
    }
  }, [hasFetcher, refetchOnFocus, refetchOnReconnect, latest])
  const subscribe = useCallback(
    (onChange: () => void) => (enabled ? client.subscribe(key, onChange, subscribeOptions()) : noop),
    [client, key, enabled, subscribeOptions],
  )
  const getSnapshot = useCallback(() => client.getState(key), [client, key])
  // The same getter serves the server render: hydrated data is rendered into the HTML.
  const state = useSyncExternalStore(subscribe, getSnapshot, getSnapshot)
  const sync = useCallback((hint: SyncHint = 'interaction') => client.syncKeys([key], hint), [client, key])

  // The last loaded data committed, whatever its key: shown by `keepPreviousData` while a new key loads.
  const previous = useRef<{ data: unknown } | undefined>(undefined)
  const loaded = !state.isLoading && state.data !== undefined
  useEffect(() => {
    if (loaded) previous.current = { data: state.data }
  })

  if (enabled && options.suspense && state.data === undefined) {
    // A failed first load goes to the error boundary; `client.syncKeys([key])` before its reset tries again.
    if (state.status === 'error') throw state.error
    if (state.isLoading || state.isSyncing) throw suspend(client, key, subscribeOptions())
  }
  if (enabled && options.throwOnError && state.status === 'error') throw state.error

  const isPreviousData = Boolean(options.keepPreviousData && enabled && !loaded && previous.current)
  const data = isPreviousData ? previous.current?.data : state.data === undefined ? options.fallback : state.data
  const selected = useMemo(() => (select && data !== undefined ? select(data) : data), [select, data])

  return {
    data: selected,
    meta: state.meta,
    status: state.status,
    error: state.error,
    isLoading: enabled && state.isLoading,
    isSyncing: state.isSyncing,
    isStale: state.isStale,
    isPreviousData,
    sync,
  }
}
