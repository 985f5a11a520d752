import { focusManager } from '../managers/focus-manager'
import { interactionManager } from '../managers/interaction-manager'
import { onlineManager } from '../managers/online-manager'
import { timeoutManager } from '../managers/timeout-manager'
import { visibilityManager } from '../managers/visibility-manager'
import { MAX_KEY_LENGTH } from '../protocol/constants'
import type { SyncHint } from '../protocol/schemas'
import { uuid } from '../utils/uuid'
import { Cadence, type CadenceBounds } from './cadence'
import { type ResolvedExecutionMode, selectTransport } from './execution'
import type { RealityKey } from './key'
import { KeyEntry, type Subscription } from './key-entry'
import { refresh, stop } from './payload'
import { SyncEngine } from './sync-engine'
import type {
  MutateOptions,
  RealityManagers,
  RealityNodeState,
  RealityOptions,
  RealtimeHandle,
  SubscribeOptions,
} from './types'

// CONFIG

const hasOwn = (object: object | undefined, key: string): boolean => object !== undefined && Object.hasOwn(object, key)

/** Freshness / polling bounds, or `undefined` when the client only syncs on events. */
const cadenceBounds = (options: RealityOptions): CadenceBounds | undefined => {
  if (options.mode === 'polling-compat') {
    const every = options.pollInterval ?? 5_000
    return { min: every, max: every, factor: 1 }
  }
  // sse-compat: a visible tab hears of changes unprompted, as it did over an SSE stream (freshness on by default).
  const freshness = options.freshness ?? options.mode === 'sse-compat'
  if (!freshness) return undefined
  const f = freshness === true ? {} : freshness
  const min = f.minInterval ?? 1_000
  return { min, max: Math.max(min, f.maxInterval ?? 10_000), factor: Math.max(1, f.backoff ?? 2) }
}

/** Default `fetchRetry`: three retries, 1 s, 2 s and 4 s after the failure. */
const retryDelay = (attempt: number): number | false => attempt < 3 && 1_000 << attempt

// CLASS

/**
 * The Reality client: tracks the version of each subscribed key, asks the server which ones changed (one batched
 * request), and refetches a payload only when its hash changed. Create it with `createRealityClient`.
 *
 * @example
 * const client = createRealityClient({ servers: ['http://localhost:3456'] })
 * const stop = client.subscribe('posts', (state) => render(state.data), { fetcher: () => api.posts() })
 */
export class RealityClient {
  /** Sent with every request; a random UUID v4 unless given. */
  readonly clientId: string
  /** The event sources this client listens to (its own, or the shared defaults). */
  readonly managers: RealityManagers
  readonly #options: RealityOptions
  readonly #entries = new Map<string, KeyEntry>()
  /** Keys with at least one subscriber: the only ones that get any work. */
  readonly #active = new Set<KeyEntry>()
  readonly #engine: SyncEngine
  readonly #cadence: Cadence | undefined
  readonly #mode: () => ResolvedExecutionMode
  #detach: (() => void) | undefined
  #lastInteraction = Number.NEGATIVE_INFINITY
  /** 0: running; 1: paused (no request goes out); 2: destroyed. */
  #stopped = 0

  constructor(options: RealityOptions = {}) {
    this.#options = options
    this.clientId = options.clientId ?? uuid()
    const managers: RealityManagers = {
      focus: focusManager,
      visibility: visibilityManager,
      online: onlineManager,
      interaction: interactionManager,
      timers: timeoutManager,
      ...options.managers,
    }
    this.managers = managers
    const { transport, mode } = selectTransport(options, managers.timers)
    this.#mode = mode
    this.#engine = new SyncEngine({
      clientId: this.clientId,
      mode: options.mode ?? 'native',
      transport,
      timers: managers.timers,
      entry: (key) => this.#entry(key),
      onDone: (keys, changed) => this.#onDone(keys, changed),
      log: options.debug ? (...args) => console.debug('[reality]', ...args) : undefined,
    })
    const bounds = cadenceBounds(options)
    this.#cadence = bounds && new Cadence(bounds, managers.timers, () => this.#tick())
  }

  /**
   * Subscribes to `key`: syncs it now (hint `mount`) and on every trigger while subscribed. `callback` gets each new
   * state. Returns the unsubscribe function; the last one stops all work for the key.
   *
   * @example
   * const unsubscribe = client.subscribe('posts', (state) => console.log(state.status, state.data), {
   *   fallback: [],
   *   fetcher: () => fetch('/api/posts').then((r) => r.json()),
   * })
   */
  subscribe<T = unknown>(
    key: RealityKey<T> | string,
    callback: (state: RealityNodeState<T>) => void,
    options: SubscribeOptions<T> = {},
  ): () => void {
    const entry = this.#entry(key)
    const sub = { callback, options } as unknown as Subscription
    // Cancels the key's eviction, or a fetch retry: the mount sync below refetches what is missing or outdated.
    this.#later(entry)
    entry.subs.add(sub)
    if (options.fallback !== undefined && !entry.loaded && entry.data === undefined) {
      entry.data = options.fallback
      // Hydration: a declared known version plus the server-rendered fallback is a loaded payload.
      if (hasOwn(this.#options.initialKnown, key)) entry.hydrate()
    }
    entry.commit()
    if (this.#stopped < 2) {
      if (!this.#active.size) this.#attach()
      this.#active.add(entry)
      void this.syncKeys([key], 'mount')
    }
    return () => {
      if (!entry.subs.delete(sub)) return
      if (!entry.subs.size && this.#active.delete(entry)) {
        stop(entry)
        this.#engine.drop(entry)
        if (!this.#active.size) this.#idle()
        // Evicted after `gcTime` unused (a new subscriber cancels it; a pending retry is cancelled now).
        this.#later(entry, () => entry.mutating || this.#entries.delete(key), this.#options.gcTime ?? 300_000)
      }
      entry.commit()
    }
  }

  /**
   * The current state of `key`: the same object until something in it changes, as `useSyncExternalStore` needs.
   *
   * @example
   * const { data, status } = client.getState<Post[]>('posts')
   */
  getState<T = unknown>(key: RealityKey<T> | string): RealityNodeState<T> {
    return this.#entry(key).state as RealityNodeState<T>
  }

  /**
   * Syncs `keys` in one request (queued behind one in flight, never dropped). Resolves when the response is applied
   * and the payload fetches it started settled; never rejects: failures land in each key's `error`.
   *
   * @example
   * await client.syncKeys(['posts', 'user:123'], 'interaction')
   */
  syncKeys(keys: readonly string[], hint: SyncHint = 'interaction'): Promise<void> {
    return this.#stopped ? Promise.resolve() : this.#engine.request(keys, hint)
  }

  /**
   * Syncs every subscribed key in one request.
   *
   * @example
   * await client.syncAll('focus')
   */
  syncAll(hint: SyncHint = 'interaction'): Promise<void> {
    return this.syncKeys(this.#activeKeys(), hint)
  }

  /**
   * Marks `keys` as needing their payload again (even if the hash did not change) and syncs the subscribed ones;
   * the others refetch when next subscribed.
   *
   * @example
   * await client.invalidate(['posts'])
   */
  invalidate(keys: string | readonly string[]): Promise<void> {
    return this.#invalidate(typeof keys === 'string' ? [keys] : keys, 'interaction')
  }

  /**
   * One key bound to its options, for code that passes a key around.
   *
   * @example
   * const posts = client.realtime<Post[]>('posts', { fallback: [], fetcher: () => api.posts() })
   * const unsubscribe = posts.subscribe((state) => console.log(state.data))
   * await posts.sync('interaction')
   */
  realtime<T = unknown>(key: RealityKey<T> | string, options: SubscribeOptions<T> = {}): RealtimeHandle<T> {
    return {
      key,
      subscribe: (callback) => this.subscribe(key, callback, options),
      getState: () => this.getState<T>(key),
      sync: (hint) => this.syncKeys([key], hint),
    }
  }

  /**
   * Writes `data` as the key's payload (e.g. the object a POST returned): subscribers see it at once and nothing is
   * fetched. A fetch in flight for the key is dropped. `data` may be an updater of the current data.
   *
   * @example
   * client.setData(postsKey, (posts) => [...(posts ?? []), created])
   */
  setData<T>(key: RealityKey<T> | string, data: T | ((current: T | undefined) => T)): void {
    const entry = this.#entry(key)
    entry.loaded = true
    entry.fetchError = null
    this.#write(entry, typeof data === 'function' ? (data as (current: unknown) => T)(entry.data) : data)
  }

  /**
   * Runs `fn(input)`. With `optimisticUpdate`, the key shows the predicted data meanwhile (no fetch overwrites it),
   * rolled back if `fn` throws (unless `rollbackOnError: false`). Afterwards the key (and `invalidateKeys` on
   * success) is refetched with hint `mutation`. Resolves with `fn`'s result; rejects with its error. For optimistic
   * data on several keys, nest the calls: `mutate(a, input, (i) => mutate(b, i, fn, optsB), optsA)`.
   *
   * @example
   * await client.mutate('posts', { title: 'Hi' }, (input) => api.createPost(input), {
   *   optimisticUpdate: (posts: Post[] | undefined, input) => [...(posts ?? []), { id: 'temp', ...input }],
   *   invalidateKeys: ['feed'],
   * })
   */
  // biome-ignore lint/suspicious/noExplicitAny: an unannotated `optimisticUpdate` (the API guide's) must compile; bind the key's type with `realityKey<T>()` to check it
  async mutate<I, R, T = any>(
    key: RealityKey<T> | string,
    input: I,
    fn: (input: I) => R | Promise<R>,
    options: MutateOptions<T, I> = {},
  ): Promise<R> {
    const entry = this.#entry(key)
    const optimistic = options.optimisticUpdate
    const before = entry.data
    if (optimistic) {
      entry.mutating++
      this.#write(entry, optimistic(before as T | undefined, input))
    }
    let ok = false
    try {
      const result = await fn(input)
      ok = true
      return result
    } catch (error) {
      if (optimistic && options.rollbackOnError !== false) this.#write(entry, before)
      throw error
    } finally {
      if (optimistic) entry.mutating--
      const keys = ok ? [key, ...(options.invalidateKeys ?? [])] : optimistic ? [key] : []
      if (keys.length) void this.#invalidate(keys, 'mutation')
    }
  }

  /**
   * Stops sending requests: syncs asked for meanwhile are skipped (not queued), timers do nothing, requests in flight
   * finish. `resume()` syncs every subscribed key at once.
   *
   * @example
   * client.pause() // e.g. while the app is in the background
   */
  pause(): void {
    // A freshness tick meanwhile finds nothing to send and does not re-arm; `resume` restarts the cadence.
    this.#stopped ||= 1
  }

  /** Undoes `pause()`: syncs every subscribed key now (hint `reconnect`), which restarts the freshness timer. */
  resume(): Promise<void> {
    if (this.#stopped < 2) this.#stopped = 0
    return this.syncAll('reconnect')
  }

  /**
   * The version of each payload held (for dehydration): pass them back as `initialKnown` with the payloads. Keys
   * whose payload is not loaded, or older than the server's, report the version of the payload, never a newer one.
   *
   * @example
   * const state = { known: client.getKnownVersions(), data: { posts: client.getState('posts').data } }
   */
  getKnownVersions(): Record<string, number> {
    const known: Record<string, number> = {}
    for (const [key, entry] of this.#entries) if (entry.loaded && entry.held > 0) known[key] = entry.held
    return known
  }

  /** How syncs travel right now (`auto` resolved). */
  getExecutionMode(): ResolvedExecutionMode {
    return this.#mode()
  }

  /** Stops everything: listeners, timers, pending work. States stay readable. */
  destroy(): void {
    this.#stopped = 2
    for (const entry of this.#entries.values()) this.#later(entry)
    for (const entry of this.#active) {
      entry.subs.clear()
      stop(entry)
      this.#engine.drop(entry)
      entry.commit()
    }
    this.#active.clear()
    this.#idle()
  }

  // INTERNALS

  #entry(key: string): KeyEntry {
    const entry = this.#entries.get(key)
    if (!entry) {
      if (typeof key !== 'string' || !key || key.length > MAX_KEY_LENGTH) throw new TypeError(`bad key: ${key}`)
      const { initialKnown, initialData, initialMeta, fetchRetry = retryDelay } = this.#options
      const e = new KeyEntry(
        key,
        initialKnown?.[key] ?? 0,
        initialMeta?.[key],
        hasOwn(initialData, key),
        initialData?.[key],
      )
      // `refresh` after the delay: it fetches only if the payload is still missing or outdated.
      e.onFail = () => {
        const delay = fetchRetry(e.failures - 1)
        if (delay !== false) this.#later(e, () => this.#stopped || refresh(e), delay)
      }
      this.#entries.set(key, e)
      return e
    }
    return entry
  }

  /** Sets the key's data; a fetch in flight for it is dropped when it ends. */
  #write(entry: KeyEntry, data: unknown): void {
    entry.epoch++
    entry.data = data
    entry.commit()
  }

  /** Replaces the key's pending timer (a fetch retry or its eviction) with `run` after `ms`, or with none. */
  #later(entry: KeyEntry, run?: () => unknown, ms = 0): void {
    const { timers } = this.managers
    timers.clearTimeout(entry.timer)
    // Unreferenced in Node: a pending retry or eviction must not keep a script or an SSR process alive.
    entry.timer = run && ms < Infinity ? timers.setTimeout(run, ms) : undefined
    ;(entry.timer as { unref?(): void } | undefined)?.unref?.()
  }

  #activeKeys(filter?: 'refetchOnFocus' | 'refetchOnReconnect'): string[] {
    const keys: string[] = []
    for (const entry of this.#active) {
      if (!filter || [...entry.subs].some((sub) => sub.options[filter] !== false)) keys.push(entry.key)
    }
    return keys
  }

  /** Marks every key; syncs the subscribed ones (the others refetch when next subscribed). */
  #invalidate(keys: readonly string[], hint: SyncHint): Promise<void> {
    const due: string[] = []
    for (const key of keys) {
      const entry = this.#entry(key)
      entry.dirty++
      if (this.#active.has(entry)) due.push(key)
    }
    return this.syncKeys(due, hint)
  }

  /** Listens to the managers while at least one key is subscribed. */
  #attach(): void {
    const { focus, visibility, online, interaction, timers } = this.managers
    const offs = [
      focus.subscribe((focused) => {
        if (focused) void this.syncKeys(this.#activeKeys('refetchOnFocus'), 'focus')
      }),
      visibility.subscribe((visible) => this.#presence(visible, 'focus', 'refetchOnFocus')),
      online.subscribe((up) => this.#presence(up, 'reconnect', 'refetchOnReconnect')),
    ]
    const throttle = this.#options.interactionThrottle ?? 5_000
    if (throttle > 0) {
      offs.push(
        interaction.subscribe(() => {
          const now = timers.now()
          if (now - this.#lastInteraction < throttle) return
          this.#lastInteraction = now
          void this.syncAll('interaction')
        }),
      )
    }
    this.#detach = () => {
      for (const off of offs) off()
    }
  }

  #idle(): void {
    this.#detach?.()
    this.#detach = undefined
    this.#cadence?.stop()
  }

  /** Visible / online again: sync at once and restart quick; hidden / offline: clear the timer. */
  #presence(up: boolean, hint: SyncHint, filter: 'refetchOnFocus' | 'refetchOnReconnect'): void {
    if (up) {
      this.#cadence?.reset()
      void this.syncKeys(this.#activeKeys(filter), hint)
    } else {
      this.#cadence?.stop()
    }
  }

  #canTick(): boolean {
    const { visibility, online } = this.managers
    return !this.#stopped && this.#active.size > 0 && visibility.get() && online.get()
  }

  #tick(): void {
    // A sync in flight re-arms the timer when it is done.
    if (!this.#engine.busy) void this.syncAll('idle')
  }

  #onDone(keys: string[], changed: boolean): void {
    const cadence = this.#cadence
    if (!cadence) return
    const synced = new Set(keys)
    if (!this.#canTick()) cadence.stop()
    else if ([...this.#active].every((entry) => synced.has(entry.key))) cadence.after(changed)
    else {
      // A partial sync (one key after a mutation, say) keeps the full-sync timer; it only restarts a stopped one.
      if (changed) cadence.reset()
      if (!cadence.armed) cadence.arm()
    }
  }
}

/**
 * Creates a Reality client (`createReality` is an alias).
 *
 * @example
 * const reality = createRealityClient({ servers: ['http://localhost:3456'], freshness: true })
 */
export const createRealityClient = (options?: RealityOptions): RealityClient => new RealityClient(options)

/**
 * Alias of `createRealityClient`.
 *
 * @example
 * const reality = createReality({ endpoint: '/reality/sync' })
 */
export const createReality: (options?: RealityOptions) => RealityClient = createRealityClient
