import type { RealityClient } from '../core/client'
import type { RealityNodeState, RealityOptions } from '../core/types'
import type { RealityNodeMeta } from '../protocol/schemas'
import {
  cursorKeys,
  DEFAULT_SSE_RETRY,
  decodeSSECursor,
  encodeSSECursor,
  LAST_EVENT_ID_HEADER,
  SSE_CONTENT_TYPE,
  SSE_KEYS_COMMENT,
} from '../protocol/sse'
import { EventStreamParser, type StreamEvent } from './event-stream'
import { acquireClient } from './shared-client'

/** Options of `RealityEventSource`: EventSource's `withCredentials` plus where and how to sync. */
export interface RealityEventSourceInit extends RealityOptions {
  /** The Reality sync endpoint, e.g. `'/reality/sync'` (the client's `endpoint`). */
  realityEndpoint?: string | undefined
  /** Sync through this client (sharing its batching and triggers) instead of the page's shared one. */
  client?: RealityClient | undefined
  /** Send cookies with the requests to `url`, as EventSource does. */
  withCredentials?: boolean | undefined
  /**
   * Map this source to Reality keys instead of requesting `url`: each change of a key is an event, produced from
   * the syncs alone. Without it, `url` must be a `handleSSECompat` endpoint (or any SSE endpoint).
   */
  keys?: readonly string[] | undefined
  /** With `keys`: the `data` of a key's event (default: the key's metadata as JSON, as the server sends it). */
  payload?: ((key: string, meta: RealityNodeMeta) => unknown) | undefined
  /** With `keys`: the event type of a key's events (default `message`), as `handleSSECompat`'s `event`. */
  event?: Readonly<Record<string, string>> | ((key: string) => string | undefined) | undefined
}

type ReadyState = 0 | 1 | 2

/** The event each `addEventListener` type receives, as `EventSourceEventMap` in lib.dom. */
export interface RealityEventSourceEventMap {
  /** A failed request (it retries) or a fatal answer (`readyState` becomes `CLOSED`). */
  error: Event
  /** An event without a named type. */
  message: MessageEvent<string>
  /** The first answer, and the first after an error. */
  open: Event
}

type Handler<E extends Event> = ((this: RealityEventSource, event: E) => void) | null

/** The URL resolved against the page, as EventSource reports it (unchanged outside a browser). */
const resolve = (url: string): URL | undefined => {
  try {
    return new URL(url, typeof document === 'undefined' ? undefined : document.baseURI)
  } catch {
    return undefined
  }
}

const metadataJson = (meta: RealityNodeMeta): string =>
  JSON.stringify({ key: meta.key, version: meta.version, hash: meta.hash, updatedAt: meta.updatedAt })

/**
 * A drop-in `EventSource` without a long-lived connection. Pointed at a `handleSSECompat` endpoint, it requests
 * `url` once (the endpoint answers with what changed and ends the response), learns the endpoint's keys from it,
 * then requests `url` again, with `Last-Event-ID`, only when a Reality sync reports that one of them changed.
 * Syncs are those of the page's shared client (one batched request for every instance, on focus, visibility,
 * reconnect and a visible-tab cadence; none while the page is hidden). With `keys`, it requests nothing but syncs.
 * `readyState` stays `OPEN` between two checks: the connection is logical, not held.
 *
 * @example
 * const es = new RealityEventSource('/events', { realityEndpoint: '/reality/sync' })
 * es.onmessage = (event) => console.log(event.data)
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: types only, as lib.dom types EventSource's listeners
export class RealityEventSource extends EventTarget {
  /** `readyState` before the first answer and after an error, while it retries. */
  static readonly CONNECTING = 0
  /** `readyState` once an answer arrived: stays so between checks, since nothing is held open. */
  static readonly OPEN = 1
  /** `readyState` after `close()` or a fatal answer: nothing is requested any more. */
  static readonly CLOSED = 2
  /** `readyState` before the first answer and after an error, while it retries. */
  readonly CONNECTING = 0
  /** `readyState` once an answer arrived: stays so between checks, since nothing is held open. */
  readonly OPEN = 1
  /** `readyState` after `close()` or a fatal answer: nothing is requested any more. */
  readonly CLOSED = 2
  /** The endpoint's URL, resolved against the page. */
  readonly url: string
  /** Whether requests send cookies across origins (`credentials: 'include'`), as given in `init`. */
  readonly withCredentials: boolean
  /** Called when an answer arrives, like `addEventListener('open', …)`. */
  onopen: Handler<Event> = null
  /** Called with each `message` event (events without a named type), like `EventSource.onmessage`. */
  onmessage: Handler<MessageEvent<string>> = null
  /** Called when a check or a request fails, before it retries (or closes for good). */
  onerror: Handler<Event> = null
  readonly #origin: string
  readonly #init: RealityEventSourceInit
  readonly #client: RealityClient
  readonly #release: () => void
  #readyState: ReadyState = 0
  /** The endpoint's keys in cursor order; `null` until an endpoint names them. */
  #keys: string[] | null = null
  #lastEventId = ''
  /** Versions delivered, by key (what the cursor says). */
  #seen = new Map<string, number>()
  /** Versions Reality reported, by key. */
  readonly #latest = new Map<string, number>()
  #retry = DEFAULT_SSE_RETRY
  #request: AbortController | undefined
  #timer: ReturnType<typeof setTimeout> | undefined
  #unsubscribe: (() => void)[] = []
  #syncError: Error | null = null
  #pending = new Map<string, RealityNodeMeta>()
  #emitting: Promise<void> = Promise.resolve()

  constructor(url: string | URL, init: RealityEventSourceInit = {}) {
    super()
    const { realityEndpoint, client, withCredentials = false, keys, payload, event, ...options } = init
    const resolved = resolve(String(url))
    this.url = resolved?.href ?? String(url)
    this.#origin = resolved?.origin ?? ''
    this.withCredentials = withCredentials
    this.#init = init
    // The on* properties behave as listeners registered first, like EventSource's event handler attributes.
    this.addEventListener('open', (e) => this.onopen?.call(this, e))
    this.addEventListener('message', (e) => this.onmessage?.call(this, e as MessageEvent<string>))
    this.addEventListener('error', (e) => this.onerror?.call(this, e))
    if (client) {
      this.#client = client
      this.#release = () => {}
    } else {
      const shared = acquireClient({
        mode: 'sse-compat',
        ...options,
        endpoint: realityEndpoint ?? options.endpoint,
      })
      this.#client = shared.client
      this.#release = shared.release
    }
    if (keys) {
      this.#watch(cursorKeys(keys))
    } else {
      void this.#check()
    }
  }

  /** `CONNECTING` until the first check (or sync) succeeds, `OPEN` after it, `CLOSED` after `close()`. */
  get readyState(): ReadyState {
    return this.#readyState
  }

  /** Stops for good: aborts a request in flight and sends none again. */
  close(): void {
    if (this.#closed()) return
    this.#readyState = 2
    this.#stop()
  }

  #stop(): void {
    this.#request?.abort()
    clearTimeout(this.#timer)
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe()
    this.#release()
  }

  // A method, not an inline test: TypeScript would keep a narrowing of #readyState across an await.
  #closed(): boolean {
    return this.#readyState === 2
  }

  #open(): void {
    if (this.#readyState !== 0) return
    this.#readyState = 1
    this.dispatchEvent(new Event('open'))
  }

  /** A failure EventSource recovers from: `CONNECTING` and an `error` event, then a later attempt. */
  #interrupted(): void {
    if (this.#closed()) return
    this.#readyState = 0
    this.dispatchEvent(new Event('error'))
  }

  #later(): void {
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => void this.#check(), this.#retry)
  }

  #fetch(): typeof fetch {
    return this.#init.fetch ?? fetch
  }

  // ENDPOINT MODE: requests to `url`, each answered at once with the events not seen yet.

  async #check(): Promise<void> {
    if (this.#readyState === 2 || this.#request) return
    clearTimeout(this.#timer)
    const request = new AbortController()
    this.#request = request
    const before = this.#lastEventId
    try {
      // Accept is CORS-safelisted; Last-Event-ID (as from EventSource) is the only other header sent.
      const headers: Record<string, string> = { accept: SSE_CONTENT_TYPE }
      if (this.#lastEventId) headers[LAST_EVENT_ID_HEADER] = this.#lastEventId
      const response = await this.#fetch()(this.url, {
        headers,
        cache: 'no-store',
        credentials: this.withCredentials ? 'include' : 'same-origin',
        signal: request.signal,
      })
      if (response.status !== 200 || !response.headers.get('content-type')?.startsWith(SSE_CONTENT_TYPE)) {
        // As EventSource does: any other answer ends the source for good.
        await response.body?.cancel().catch(() => {})
        this.#readyState = 2
        this.#stop()
        this.dispatchEvent(new Event('error'))
        return
      }
      this.#open()
      await this.#read(response, request.signal)
    } catch {
      if (request.signal.aborted) return
      this.#request = undefined
      this.#interrupted()
      this.#later()
      return
    } finally {
      if (this.#request === request) this.#request = undefined
    }
    if (this.#closed()) return
    if (this.#keys === null) {
      // Not a Reality endpoint (no keys named): reconnect after `retry:` as EventSource does.
      this.#interrupted()
      this.#later()
    } else if (this.#behind() && this.#lastEventId !== before) {
      // A sync reported a change while the request was in flight.
      void this.#check()
    } else if (this.#behind()) {
      // The endpoint lags behind what the sync said (another server, a failed payload): try again later.
      this.#later()
    }
  }

  async #read(response: Response, signal: AbortSignal): Promise<void> {
    const parser = new EventStreamParser(
      {
        event: (event) => this.#deliver(event),
        id: (id) => this.#cursor(id),
        retry: (ms) => {
          this.#retry = ms
        },
        comment: (text) => {
          if (!text.startsWith(`${SSE_KEYS_COMMENT} `)) return
          const keys = JSON.parse(text.slice(SSE_KEYS_COMMENT.length + 1)) as string[]
          if (this.#keys === null || this.#keys.join('\n') !== cursorKeys(keys).join('\n')) {
            this.#watch(cursorKeys(keys))
            this.#cursor(this.#lastEventId)
          }
        },
      },
      this.#lastEventId,
    )
    if (!response.body) return
    const reader = response.body.getReader()
    const decoder = new TextDecoder()
    for (;;) {
      const { done, value } = await reader.read()
      if (done || signal.aborted) break
      parser.push(decoder.decode(value, { stream: true }))
    }
    parser.push(decoder.decode())
    parser.end()
  }

  #cursor(id: string): void {
    this.#lastEventId = id
    if (this.#keys) this.#seen = decodeSSECursor(id, this.#keys) ?? new Map()
  }

  #deliver(event: StreamEvent): void {
    if (this.#closed()) return
    this.dispatchEvent(
      new MessageEvent(event.type, { data: event.data, lastEventId: event.lastEventId, origin: this.#origin }),
    )
  }

  #behind(): boolean {
    for (const [key, version] of this.#latest) if (version > (this.#seen.get(key) ?? 0)) return true
    return false
  }

  // SYNCS: both modes learn of changes from the client's subscriptions.

  #watch(keys: string[]): void {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe()
    this.#keys = keys
    this.#latest.clear()
    this.#unsubscribe = keys.map((key) => this.#client.subscribe(key, (state) => this.#synced(state)))
  }

  #synced(state: RealityNodeState): void {
    if (this.#closed()) return
    if (state.error) {
      if (state.error === this.#syncError) return
      this.#syncError = state.error
      this.#interrupted()
      return
    }
    if (state.lastSyncAt === null) return
    const recovered = this.#syncError !== null
    this.#syncError = null
    const mapped = this.#init.keys !== undefined
    // Mapped, a sync is the connection; pointed at an endpoint, only an answer from it opens the source.
    if (mapped) this.#open()
    else if (recovered) void this.#check()
    const meta = state.meta
    if (!meta || meta.version <= (this.#latest.get(meta.key) ?? 0)) return
    this.#latest.set(meta.key, meta.version)
    if (meta.version <= (this.#seen.get(meta.key) ?? 0)) return
    if (!mapped) {
      void this.#check()
      return
    }
    // Keys reported by one sync arrive one callback each: gather them, then deliver oldest change first.
    if (this.#pending.size === 0) queueMicrotask(() => this.#flush())
    this.#pending.set(meta.key, meta)
  }

  // MAPPED MODE: events made from the syncs, the same ones `handleSSECompat` would send.

  #flush(): void {
    const batch = [...this.#pending.values()].sort((a, b) => a.version - b.version || (a.key < b.key ? -1 : 1))
    this.#pending.clear()
    this.#emitting = this.#emitting.then(async () => {
      for (const [i, meta] of batch.entries()) {
        if (this.#closed()) return
        if (meta.version <= (this.#seen.get(meta.key) ?? 0)) continue
        let data: string
        try {
          const value = this.#init.payload ? await this.#init.payload(meta.key, meta) : metadataJson(meta)
          data = typeof value === 'string' ? value : (JSON.stringify(value) ?? '')
        } catch {
          // Nothing is skipped: this key and the ones after it are delivered again after `retry` ms.
          this.#interrupted()
          clearTimeout(this.#timer)
          this.#timer = setTimeout(() => {
            for (const rest of batch.slice(i))
              if ((this.#pending.get(rest.key)?.version ?? 0) < rest.version) this.#pending.set(rest.key, rest)
            this.#flush()
          }, this.#retry)
          return
        }
        this.#open()
        if (this.#closed()) return
        this.#seen.set(meta.key, meta.version)
        this.#lastEventId = encodeSSECursor(this.#keys ?? [], this.#seen)
        const type = this.#typeOf(meta.key)
        this.#deliver({ type, data, lastEventId: this.#lastEventId })
      }
    })
  }

  #typeOf(key: string): string {
    const { event } = this.#init
    const type = typeof event === 'function' ? event(key) : event && Object.hasOwn(event, key) ? event[key] : undefined
    return type || 'message'
  }
}

/**
 * `addEventListener` typed as EventSource's: `open` and `error` get an `Event`, `message` and every named event a
 * `MessageEvent` with `data`, so code written for EventSource (`(event) => event.data`) compiles unchanged.
 */
export interface RealityEventSource {
  /** Listens to `open` or `error` (an `Event`), or `message` (a `MessageEvent` with `data`). */
  addEventListener<K extends keyof RealityEventSourceEventMap>(
    type: K,
    listener: (this: RealityEventSource, event: RealityEventSourceEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void
  /** Listens to a named event: a `MessageEvent` with `data`, as EventSource delivers it. */
  addEventListener(
    type: string,
    listener: (this: RealityEventSource, event: MessageEvent<string>) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void
  /** Any listener `EventTarget` takes. */
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void
  /** Removes a listener of `open`, `error` or `message`. */
  removeEventListener<K extends keyof RealityEventSourceEventMap>(
    type: K,
    listener: (this: RealityEventSource, event: RealityEventSourceEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void
  /** Removes a listener of a named event. */
  removeEventListener(
    type: string,
    listener: (this: RealityEventSource, event: MessageEvent<string>) => unknown,
    options?: boolean | EventListenerOptions,
  ): void
  /** Removes any listener `EventTarget` takes. */
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void
}
