import { createRealityClient, type RealityClient } from '../core/client'
import type { RealityNodeState, RealityOptions } from '../core/types'

/** Options of `RealityEventSource`: EventSource's `withCredentials` plus where and how to sync. */
export interface RealityEventSourceInit extends RealityOptions {
  /** The Reality sync endpoint, e.g. `'/reality/sync'` (the client's `endpoint`). */
  realityEndpoint?: string | undefined
  /** The key whose changes produce messages (default: the URL as given, e.g. `'/events'`). */
  key?: string | undefined
  /** Sync through this client (sharing its batching and triggers) instead of creating one. */
  client?: RealityClient | undefined
  /** Send cookies with the payload request, as EventSource does. */
  withCredentials?: boolean | undefined
}

type ReadyState = 0 | 1 | 2
type Handler<E extends Event> = ((this: RealityEventSource, event: E) => void) | null

/** The URL resolved against the page, as EventSource reports it (unchanged outside a browser). */
const resolve = (url: string): URL | undefined => {
  try {
    return new URL(url, typeof document === 'undefined' ? undefined : document.baseURI)
  } catch {
    return undefined
  }
}

/**
 * An `EventSource` look-alike without a long-lived connection: `url` answers with the current payload in one
 * short request, fetched once at start and again only when Reality reports that `key` changed; syncs happen on
 * the client's triggers (mount, focus, visibility, reconnect, …). Each new payload is a `message` whose `data` is
 * the response text and `lastEventId` the key's version.
 *
 * @example
 * const es = new RealityEventSource('/events', { realityEndpoint: '/reality/sync' })
 * es.onmessage = (event) => console.log(event.data)
 */
export class RealityEventSource extends EventTarget {
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSED = 2
  readonly CONNECTING = 0
  readonly OPEN = 1
  readonly CLOSED = 2
  readonly url: string
  readonly withCredentials: boolean
  onopen: Handler<Event> = null
  onmessage: Handler<MessageEvent<string>> = null
  onerror: Handler<Event> = null
  readonly #origin: string
  #readyState: ReadyState = 0
  #last: { data?: string; error?: Error | null } = {}
  readonly #owned: RealityClient | undefined
  readonly #unsubscribe: () => void

  constructor(url: string | URL, init: RealityEventSourceInit = {}) {
    super()
    const { realityEndpoint, key, client, withCredentials = false, ...options } = init
    const resolved = resolve(String(url))
    this.url = resolved?.href ?? String(url)
    this.#origin = resolved?.origin ?? ''
    this.withCredentials = withCredentials
    // The on* properties behave as listeners registered first, like EventSource's event handler attributes.
    this.addEventListener('open', (event) => this.onopen?.call(this, event))
    this.addEventListener('message', (event) => this.onmessage?.call(this, event as MessageEvent<string>))
    this.addEventListener('error', (event) => this.onerror?.call(this, event))
    this.#owned = client
      ? undefined
      : createRealityClient({ ...options, endpoint: realityEndpoint ?? options.endpoint })
    const load = async (): Promise<string> => {
      const fetchImpl = options.fetch ?? fetch
      const response = await fetchImpl(this.url, { credentials: withCredentials ? 'include' : 'same-origin' })
      if (!response.ok) throw new Error(`${this.url}: HTTP ${response.status}`)
      return response.text()
    }
    this.#unsubscribe = (client ?? this.#owned!).subscribe<string>(
      key ?? String(url),
      (state) => this.#receive(state),
      {
        fetcher: load,
      },
    )
  }

  /** `CONNECTING` until the first sync succeeds, `OPEN` after it, `CLOSED` after `close()`. */
  get readyState(): ReadyState {
    return this.#readyState
  }

  /** Stops syncing for good. */
  close(): void {
    if (this.#readyState === 2) return
    this.#readyState = 2
    this.#unsubscribe()
    this.#owned?.destroy()
  }

  #receive(state: RealityNodeState<string>): void {
    if (this.#readyState === 2) return
    if (state.error && state.error !== this.#last.error) {
      // Like EventSource while reconnecting: CONNECTING until a sync succeeds again.
      this.#last.error = state.error
      this.#readyState = 0
      this.dispatchEvent(new Event('error'))
      return
    }
    if (!state.error && state.lastSyncAt !== null && this.#readyState === 0) {
      this.#last.error = null
      this.#readyState = 1
      this.dispatchEvent(new Event('open'))
    }
    if (state.data !== undefined && state.data !== this.#last.data) {
      this.#last.data = state.data
      const lastEventId = state.meta ? String(state.meta.version) : ''
      this.dispatchEvent(new MessageEvent('message', { data: state.data, lastEventId, origin: this.#origin }))
    }
  }
}
