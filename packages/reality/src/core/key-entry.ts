import type { RealityNodeMeta } from '../protocol/schemas'
import { deriveStatus } from './key-status'
import type { Fetcher, RealityNodeState, SubscribeOptions } from './types'

/** One subscriber of a key. */
export interface Subscription {
  callback: (state: RealityNodeState<unknown>) => void
  options: SubscribeOptions<unknown>
}

/**
 * Everything the client knows about one key: the payload and the version it belongs to, the latest metadata seen,
 * work in flight and subscribers. `state` is the immutable snapshot handed out; `commit()` replaces it (and tells
 * subscribers) only when something visible changed, so `getState` returns the same object until then.
 */
export class KeyEntry {
  readonly key: string
  readonly subs = new Set<Subscription>()
  state: RealityNodeState<unknown>
  data: unknown
  /** Latest metadata the server reported. */
  meta: RealityNodeMeta | null = null
  /** Version of the payload held (0: none, or unknown to the server). */
  held: number
  /** Hash of the payload held, when known. */
  heldHash: string | undefined
  loaded = false
  syncError: Error | null = null
  fetchError: Error | null = null
  lastSyncAt: number | null = null
  /** Sync batches (queued or in flight) that cover this key. */
  syncing = 0
  fetching: Promise<void> | undefined
  /** Meta version and invalidation count the fetch in flight was started for. */
  fetchVersion = 0
  fetchDirty = 0
  /** Something newer than the fetch in flight was learnt: fetch again after it. */
  refetch = false
  /** `invalidate()` count, and the count the last successful fetch covered. */
  dirty = 0
  cleanDirty = 0
  /** Bumped when in-flight results must be dropped (last unsubscribe, optimistic write). */
  epoch = 0
  /** Mutations with an optimistic update in progress: no fetch may overwrite their data meanwhile. */
  mutating = 0
  /** Payload fetches failed in a row (reset by a success). */
  failures = 0
  /** Called by a failed fetch: the client schedules the retry. */
  declare onFail: (() => void) | undefined
  /** The pending fetch retry (while subscribed) or eviction (once unsubscribed). */
  declare timer: unknown

  constructor(key: string, known: number, meta: RealityNodeMeta | undefined, hydrated: boolean, data: unknown) {
    this.key = key
    this.held = known
    this.meta = meta ?? null
    this.data = data
    if (hydrated) this.hydrate()
    this.state = this.#snapshot()
  }

  /** The payload held is the one of the known version; its hash is the meta's if they match. */
  hydrate(): void {
    this.loaded = true
    if (this.meta?.version === this.held) this.heldHash = this.meta.hash
  }

  /** The first subscriber's fetcher. */
  loader(): Fetcher<unknown> | undefined {
    for (const sub of this.subs) if (sub.options.fetcher) return sub.options.fetcher as Fetcher<unknown>
    return undefined
  }

  /** The version to report as known: the newest seen. */
  sentVersion(): number {
    return Math.max(this.held, this.meta?.version ?? 0)
  }

  /** Records `meta` if it is newer than anything seen; says whether it was. */
  seen(meta: RealityNodeMeta): boolean {
    if (meta.version <= this.sentVersion()) return false
    this.meta = meta
    return true
  }

  /** Rebuilds the snapshot; notifies subscribers when it differs from the previous one. */
  commit(): void {
    const next = this.#snapshot()
    const prev = this.state
    let same = true
    for (const field in next) same &&= Object.is(prev[field as keyof typeof next], next[field as keyof typeof next])
    if (same) return
    this.state = next
    for (const sub of [...this.subs]) {
      try {
        sub.callback(next)
      } catch (error) {
        // A throwing subscriber must not break the sync loop; surface it asynchronously instead.
        Promise.reject(error)
      }
    }
  }

  /** Tells each subscriber's `onError` about a new failure. */
  report(error: Error): void {
    for (const sub of [...this.subs]) sub.options.onError?.(error)
  }

  #snapshot(): RealityNodeState<unknown> {
    const hasFetcher = this.loader() !== undefined
    const inFlight = this.syncing > 0 || this.fetching !== undefined
    const error = this.fetchError ?? this.syncError
    const stale = hasFetcher && this.meta !== null && this.meta.version > this.held
    const loaded = this.loaded || (!hasFetcher && this.lastSyncAt !== null)
    const status = deriveStatus({ loaded, inFlight, failed: error !== null, stale })
    return {
      key: this.key,
      data: this.data,
      meta: this.meta,
      status,
      error,
      isLoading: status === 'loading',
      isSyncing: inFlight,
      isStale: stale,
      lastSyncAt: this.lastSyncAt,
    }
  }
}
