import type { RealityKey } from '../core/key'
import type { Fetcher, RealityNodeState } from '../core/types'
import type { SyncHint } from '../protocol'
import type { RealitySchema } from './schema'

/** A key as the hooks take it: a plain string, or a `realityKey<T>()` that carries its payload type. */
export type KeyArg<T> = RealityKey<T> | string

declare const unset: unique symbol
/** The payload type of a plain string key: none, so `data`'s type comes from the options. */
export type NoKeyType = typeof unset
/** `data`'s type: the typed key's (it wins over an untyped fetcher's `any`), else the options'. */
export type KeyData<D, T> = [D] extends [NoKeyType] ? T : D
/** What the options' payload type must be: the typed key's, or anything for a plain key. */
export type KeyBound<D> = [D] extends [NoKeyType] ? unknown : D

/**
 * Options of `useReality`. Callbacks may change on every render; the subscription is kept. `V` is what `select`
 * receives (the key's payload type).
 */
export interface UseRealityOptions<T, S = never, V = T> {
  /** Data returned until the first payload is loaded. */
  fallback?: T | undefined
  /** Loads the payload from your API when the key's hash changed (and once at first load). */
  fetcher?: Fetcher<T> | undefined
  /** Validates each fetched payload (Standard Schema, or `parse` / `safeParse`); a rejected one becomes `error`. */
  schema?: RealitySchema<T> | undefined
  /**
   * Derives what `data` holds from the payload (or the fallback). Recomputed when the data or the function changes:
   * pass a stable function (module level, `useCallback`) to keep `data` the same object between renders.
   */
  select?: ((data: V) => S) | undefined
  /** While the key changes, keep returning the previous key's data (`isPreviousData`) until the new one loads. */
  keepPreviousData?: boolean | undefined
  /** Suspend (throw to the nearest `<Suspense>`) until the payload is loaded; a failed first load is thrown. */
  suspense?: boolean | undefined
  /** Throw the key's error to the nearest error boundary instead of returning it. */
  throwOnError?: boolean | undefined
  /** Sync this key when the window regains focus or becomes visible (default `true`). */
  refetchOnFocus?: boolean | undefined
  /** Sync this key when the network comes back (default `true`). */
  refetchOnReconnect?: boolean | undefined
  /** Called with each new sync or fetch error of this key. */
  onError?: ((error: Error) => void) | undefined
  /** `false` leaves the key alone: no subscription, no request (default `true`). */
  enabled?: boolean | undefined
}

/** Options with a `schema`: the data type comes from it, and the fetcher may return anything (it is validated). */
export type UseRealityOptionsWithSchema<T, S = never> = Omit<UseRealityOptions<T, S>, 'fetcher' | 'schema'> & {
  /** Validates each payload; a rejected one becomes the key's `error` instead of its `data`. */
  schema: RealitySchema<T>
  /** Loads the payload; its result is validated by `schema`. */
  fetcher?: Fetcher<unknown> | undefined
}

/** What `useReality` returns: the key's state (as the core reports it, `data` typed) plus a manual `sync`. */
export interface UseRealityResult<TData> extends Omit<RealityNodeState, 'key' | 'data' | 'lastSyncAt'> {
  /** The key's payload (through `select` when given), or `fallback` until one is loaded. */
  data: TData
  /** `data` is the previous key's (`keepPreviousData`) while this key loads. */
  isPreviousData: boolean
  /** Syncs this key now (default hint `'interaction'`); never rejects. */
  sync: (hint?: SyncHint) => Promise<void>
}

/** `data`'s type: what `select` returns when given, else `T`. */
export type Selected<S, T> = [S] extends [never] ? T : S

/**
 * The type of `data` when a fallback is given. An untyped fetcher (`r.json()` returns `any`) with an array
 * fallback gives `any[]` rather than `any`, so `data.map((m) => …)` compiles under `noImplicitAny`; every other
 * case is the inferred `T`.
 */
// biome-ignore lint/suspicious/noExplicitAny: `any[]` is the point: element type unknown, yet mappable
export type FallbackData<T, F> = 0 extends 1 & T ? (F extends readonly unknown[] ? any[] : T) : T
