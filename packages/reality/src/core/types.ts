import type { FocusManager } from '../managers/focus-manager'
import type { InteractionManager } from '../managers/interaction-manager'
import type { OnlineManager } from '../managers/online-manager'
import type { TimeoutProvider } from '../managers/timeout-manager'
import type { VisibilityManager } from '../managers/visibility-manager'
import type { ExecutionMode, RealityNodeMeta, SyncHint, SyncMode } from '../protocol'
import type { HeadersOption } from '../transport/types'

/* Public types of the client core. React (src/react), SSR (src/ssr) and compat build on these only. */

/** Where a key stands. `loading`: no data yet; `stale`: a newer version exists but its payload is not loaded. */
export type RealityStatus = 'idle' | 'loading' | 'syncing' | 'error' | 'stale'

/** The state of one key, as handed to subscribers. Treat it as immutable: a change makes a new object. */
export interface RealityNodeState<T = unknown> {
  /** The key this state is of. */
  key: string
  /** The last payload returned by the fetcher, the hydrated data, or the subscriber's `fallback`. */
  data: T | undefined
  /** The latest change metadata the server reported; `null` until the server knows the key. */
  meta: RealityNodeMeta | null
  /** Where the key stands, as one value (`isLoading`, `isSyncing`, `isStale` say the same as flags). */
  status: RealityStatus
  /** The last failure of a sync or a fetch for this key; cleared by the next success. */
  error: Error | null
  /** No payload loaded yet (first sync/fetch pending or in flight). */
  isLoading: boolean
  /** A sync request or a payload fetch for this key is in flight. */
  isSyncing: boolean
  /** The server reported a newer version whose payload is not loaded yet. */
  isStale: boolean
  /** When the last successful sync covering this key completed (ms since epoch). */
  lastSyncAt: number | null
}

/** Loads the payload of `key` from your API. `meta` is `null` when the server has never seen the key. */
export type Fetcher<T> = (key: string, meta: RealityNodeMeta | null) => T | Promise<T>

/** Options of one subscription. Several subscriptions of one key share one state and one fetch. */
export interface SubscribeOptions<T = unknown> {
  /** Loads the payload when the key's hash changed (and once at first load). */
  fetcher?: Fetcher<T> | undefined
  /** Data shown until the first payload arrives. */
  fallback?: T | undefined
  /** Include this key in syncs triggered by window focus / visibility (default `true`). */
  refetchOnFocus?: boolean | undefined
  /** Include this key in syncs triggered by regaining the network (default `true`). */
  refetchOnReconnect?: boolean | undefined
  /** Called with each new error of this key (sync or fetch). */
  onError?: ((error: Error) => void) | undefined
}

/** What `client.realtime(key, options)` returns: one key, bound to its options. */
export interface RealtimeHandle<T = unknown> {
  /** The key the handle is bound to. */
  readonly key: string
  /** Subscribes with the handle's options; returns the unsubscribe function. */
  subscribe(callback: (state: RealityNodeState<T>) => void): () => void
  /** The key's current state (`client.getState(key)`). */
  getState(): RealityNodeState<T>
  /** Syncs this key now, with `hint` (default `interaction`). */
  sync(hint?: SyncHint): Promise<void>
}

/** Options of `client.mutate(key, input, fn, options)`. */
export interface MutateOptions<T = unknown, I = unknown> {
  /** Returns the data shown while `fn` runs. */
  optimisticUpdate?: ((current: T | undefined, input: I) => T) | undefined
  /** Restore the previous data when `fn` throws (default `true`). */
  rollbackOnError?: boolean | undefined
  /** Other keys to refetch once `fn` succeeded (the mutated key always is). */
  invalidateKeys?: string[] | undefined
}

/**
 * Visible-tab freshness: while the page is visible and online, sync all subscribed keys in one request on an
 * adaptive cadence: `minInterval` right after a change was seen, multiplied by `backoff` after each sync that saw
 * none, capped at `maxInterval`. Exactly zero requests while hidden or offline.
 */
export interface FreshnessOptions {
  /** Interval right after a change was seen, in ms (default 1,000). */
  minInterval?: number | undefined
  /** Longest interval while nothing changes, in ms (default 10,000: 6 requests/minute when idle). */
  maxInterval?: number | undefined
  /** Factor applied to the interval after each sync without a change (default 2). */
  backoff?: number | undefined
}

/** The event sources a client listens to. Each is swappable (React Native, tests). */
export interface RealityManagers {
  /** Window focus: regaining it syncs with hint `focus`. */
  focus: FocusManager
  /** Page visibility: hidden stops the freshness cadence, visible again syncs. */
  visibility: VisibilityManager
  /** Network state: offline sends nothing, back online syncs with hint `reconnect`. */
  online: OnlineManager
  /** User interaction (pointer, key, touch): syncs with hint `interaction`, at most once per `interactionThrottle`. */
  interaction: InteractionManager
  /** `setTimeout`, `clearTimeout` and `now` for every timer of the client (fake timers in tests). */
  timers: TimeoutProvider
}

/** Options of `createRealityClient` / `createReality`. */
export interface RealityOptions {
  /** Base URLs of Reality servers, tried in order with failover: `'http://localhost:3456'` → `…/reality/sync`. */
  servers?: string[] | undefined
  /** Sync path, or a full URL when `servers` is empty; relative in a browser (default `'/reality/sync'`). */
  endpoint?: string | undefined
  /**
   * Wire mode (default `'native'`). `'sse-compat'` turns `freshness` on unless it is given (a visible tab syncs on
   * an adaptive cadence, as an SSE stream would deliver changes unprompted); `'polling-compat'` syncs on a fixed
   * `pollInterval`. The server sees the mode in each request.
   */
  mode?: SyncMode | undefined
  /** `'auto'` (default): browser → HTTP, Node with an embedded server registered → in-process, else HTTP. */
  executionMode?: ExecutionMode | undefined
  /** Sent with each request (default: a random UUID v4). */
  clientId?: string | undefined
  /**
   * Versions already held, e.g. from SSR: unchanged keys are not refetched. The payload of such a version is the
   * key's `initialData`, or else the `fallback` of its first subscriber (the server-rendered data).
   */
  initialKnown?: Record<string, number> | undefined
  /** Payloads already held, by key (SSR hydration); with `initialKnown` they count as loaded. */
  initialData?: Record<string, unknown> | undefined
  /** Metadata already held, by key (SSR hydration): shown as `meta` at once; its hash spares a refetch later. */
  initialMeta?: Record<string, RealityNodeMeta> | undefined
  /** Per-request timeout in ms (default 10,000). */
  timeout?: number | undefined
  /** Retries after a failed request, across servers (default 3). */
  maxRetries?: number | undefined
  /** First backoff delay in ms, doubled per retry, with jitter (default 100). */
  retryBaseDelay?: number | undefined
  /** How long a failed server is skipped, in ms (default 30,000). */
  blacklistDuration?: number | undefined
  /** Log syncs and failures to the console. */
  debug?: boolean | undefined
  /** Visible-tab freshness: `true` for the defaults, or bounds. Off by default, except in `'sse-compat'` mode. */
  freshness?: boolean | FreshnessOptions | undefined
  /** Interval of `mode: 'polling-compat'`, in ms (default 5,000). */
  pollInterval?: number | undefined
  /** Minimum time between two interaction-triggered syncs, in ms (default 5,000); `0` disables that trigger. */
  interactionThrottle?: number | undefined
  /**
   * Id of the embedded server that `ssr-embedded` and `auto` use. An id nobody registered means the process's only
   * embedded server, if it has exactly one; without an id, the first registered (`lookupEmbeddedServer` in
   * `@rootlodge/reality/types`). When none matches, `auto` uses HTTP and `ssr-embedded` reports an error.
   */
  serverId?: string | undefined
  /**
   * Extra request headers (e.g. authorization): an object, or a function (sync or async) called before every
   * request, so a rotated token goes out without a new client. Cross-origin, list custom names in the server's
   * `cors.allowHeaders`.
   */
  headers?: HeadersOption | undefined
  /**
   * `fetch`'s `credentials` for sync requests (default: the browser's, `same-origin`). `'include'` sends cookies
   * cross-origin; the server then needs `cors: { origins: [yourOrigin], credentials: true }`.
   */
  credentials?: RequestCredentials | undefined
  /**
   * Checks made only of keys the server marks public (its `publicKeys` option) go as the cacheable
   * `GET …/sync?keys=…`, which a CDN or nginx answers for every viewer at once; the check after a mutation and any
   * check with a private key go as `POST` (default true; `false`: always `POST`). See docs/EDGE.md.
   */
  cacheable?: boolean | undefined
  /** `fetch` implementation (default: the global one, looked up at call time). */
  fetch?: typeof fetch | undefined
  /** How long a key nobody subscribes to stays cached, in ms (default 300,000; `Infinity` keeps it for ever). */
  gcTime?: number | undefined
  /**
   * When to retry a failed payload fetch of a subscribed key: the delay in ms before retry `attempt` (0, 1, …), or
   * `false` to stop (default: 1 s, 2 s, 4 s, then stop; `() => false` never retries).
   */
  fetchRetry?: ((attempt: number) => number | false) | undefined
  /** Event sources; defaults are shared browser-guarded instances. */
  managers?: Partial<RealityManagers> | undefined
}
