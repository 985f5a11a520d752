import { createRealityClient } from '../core/client'
import type { Fetcher, RealityOptions } from '../core/types'

/** Options of `createPollingAdapter`. Other client options (`servers`, `headers`, `fetch`, …) pass through. */
export interface PollingAdapterOptions<T> extends Omit<RealityOptions, 'mode' | 'pollInterval'> {
  /** The Reality key that changes when the payload does. */
  key: string
  /** The Reality sync endpoint, e.g. `'/reality/sync'`. */
  realityEndpoint?: string | undefined
  /**
   * GET endpoint returning the payload as JSON (unused when `fetcher` is given). Conditional once it sent an `ETag`: a
   * `304` keeps the payload held.
   */
  payloadEndpoint?: string | undefined
  /** Loads the payload instead of `GET payloadEndpoint`. */
  fetcher?: Fetcher<T> | undefined
  /** Milliseconds between two version checks (default 5,000). */
  interval?: number | undefined
  /** Called with the first payload and with each changed one. */
  onData: (data: T) => void
  /** Called with each new sync or fetch error. */
  onError?: ((error: Error) => void) | undefined
}

/** A running (or stopped) poller. */
export interface PollingAdapter {
  /** Starts polling: a version check now, then every `interval`; idempotent. */
  start(): void
  /** Stops polling; `start()` resumes it. */
  stop(): void
  /** Between `start()` and `stop()`. */
  readonly isRunning: boolean
}

/**
 * `GET endpoint` as JSON, revalidated: once a response carried an `ETag`, the next request sends `If-None-Match`, and
 * a `304 Not Modified` resolves to the payload already held, the same object, without a body on the wire. A version
 * can change while the payload's bytes do not (a key invalidated without a new hash, a shared edge cache that already
 * has the new copy): then the refetch costs only headers. The global `fetch` is looked up per call: a page may wrap it
 * after the adapter was created.
 */
const conditionalGet = <T>(endpoint: string | undefined, fetchFn: typeof fetch | undefined): Fetcher<T> => {
  let held: { data: T; etag: string | null } | undefined
  return async () => {
    if (!endpoint) throw new Error('createPollingAdapter: give payloadEndpoint or fetcher')
    const init = held?.etag ? { headers: { 'if-none-match': held.etag } } : undefined
    const response = await (fetchFn ?? fetch)(endpoint, init)
    if (response.status === 304 && held) return held.data
    if (!response.ok) throw new Error(`${endpoint}: HTTP ${response.status}`)
    const data = (await response.json()) as T
    held = { data, etag: response.headers.get('etag') }
    return data
  }
}

/**
 * Replaces a polling loop: every `interval` it asks Reality whether `key` changed (a few bytes) and fetches the
 * payload only when it did, so an unchanged payload costs no transfer; that fetch is conditional (a `304` keeps the
 * payload held, see above). Like every Reality sync it sends nothing while the page is hidden or offline.
 *
 * @example
 * const adapter = createPollingAdapter({
 *   key: 'notifications',
 *   realityEndpoint: '/reality/sync',
 *   payloadEndpoint: '/api/notifications',
 *   interval: 2000,
 *   onData: (data) => setNotifications(data),
 * })
 * adapter.start()
 */
export const createPollingAdapter = <T = unknown>(options: PollingAdapterOptions<T>): PollingAdapter => {
  const { key, realityEndpoint, payloadEndpoint, fetcher, interval, onData, onError, ...clientOptions } = options
  const client = createRealityClient({
    ...clientOptions,
    endpoint: realityEndpoint ?? clientOptions.endpoint,
    mode: 'polling-compat',
    pollInterval: interval ?? 5_000,
  })
  const load: Fetcher<T> = fetcher ?? conditionalGet<T>(payloadEndpoint, clientOptions.fetch)
  let unsubscribe: (() => void) | undefined
  let delivered: T | undefined

  return {
    start() {
      if (unsubscribe) return
      unsubscribe = client.subscribe<T>(
        key,
        (state) => {
          if (state.data === undefined || state.data === delivered) return
          delivered = state.data
          onData(state.data)
        },
        { fetcher: load, onError },
      )
    },
    stop() {
      unsubscribe?.()
      unsubscribe = undefined
    },
    get isRunning() {
      return unsubscribe !== undefined
    },
  }
}
