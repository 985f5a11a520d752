import type { Fetcher, RealityNodeState } from '../core/types'
import type { SyncHint } from '../protocol'
import type { RealitySchema } from './schema'

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

/** Options with a `schema`: the data type comes from it, and the fetcher may return anything (it is validated). */
export type UseRealityOptionsWithSchema<T> = Omit<UseRealityOptions<T>, 'fetcher' | 'schema'> & {
  schema: RealitySchema<T>
  fetcher?: Fetcher<unknown>
}

/** What `useReality` returns: the key's state (as the core reports it, `data` typed) plus a manual `sync`. */
export interface UseRealityResult<TData> extends Omit<RealityNodeState, 'key' | 'data' | 'lastSyncAt'> {
  data: TData
  /** Syncs this key now (default hint `'interaction'`); never rejects. */
  sync: (hint?: SyncHint) => Promise<void>
}

/**
 * The type of `data` when a fallback is given. An untyped fetcher (`r.json()` returns `any`) with an array
 * fallback gives `any[]` rather than `any`, so `data.map((m) => …)` compiles under `noImplicitAny`; every other
 * case is the inferred `T`.
 */
// biome-ignore lint/suspicious/noExplicitAny: `any[]` is the point: element type unknown, yet mappable
export type FallbackData<T, F> = 0 extends 1 & T ? (F extends readonly unknown[] ? any[] : T) : T
