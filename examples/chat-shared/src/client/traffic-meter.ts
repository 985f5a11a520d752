import { Store } from './store'

export interface TrafficSnapshot {
  /** Requests this tab started (sync, API, beacons). */
  requests: number
  /** A request has been running for more than `slowAfterMs`. */
  busy: boolean
  /** The browser says it is offline, or the last request failed at the network level. */
  offline: boolean
}

/**
 * Counts what a tab sends, so the header can show how little traffic there is. Every fetch
 * of the app (the Reality client's included: it takes a `fetch` option) goes through `wrap`.
 */
export class TrafficMeter extends Store<TrafficSnapshot> {
  readonly #slowAfterMs: number
  #inFlight = 0
  #networkDown = false
  #slow = false
  #slowTimer: ReturnType<typeof setTimeout> | undefined

  constructor(slowAfterMs = 300) {
    super({ requests: 0, busy: false, offline: typeof navigator !== 'undefined' && navigator.onLine === false })
    this.#slowAfterMs = slowAfterMs
    if (typeof window !== 'undefined') {
      window.addEventListener('online', () => this.#update())
      window.addEventListener('offline', () => this.#update())
    }
  }

  /** Counts a request sent outside `fetch` (a beacon). */
  count(): void {
    this.setState({ ...this.getSnapshot(), requests: this.getSnapshot().requests + 1 })
  }

  /** A `fetch` that counts, tracks requests in flight and notices network failures. */
  wrap(base: () => typeof fetch, decorate?: (url: string, init: RequestInit) => RequestInit): typeof fetch {
    return async (input, init = {}) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
      this.count()
      this.#started()
      try {
        const response = await base()(input, decorate ? decorate(url, init) : init)
        this.#networkDown = false
        return response
      } catch (error) {
        // An abort is the caller's choice; anything else thrown by fetch is the network.
        if (!(error instanceof DOMException && error.name === 'AbortError')) this.#networkDown = true
        throw error
      } finally {
        this.#finished()
      }
    }
  }

  #started(): void {
    this.#inFlight++
    if (this.#inFlight === 1) {
      this.#slowTimer = setTimeout(() => {
        this.#slow = true
        this.#update()
      }, this.#slowAfterMs)
    }
  }

  #finished(): void {
    this.#inFlight--
    if (this.#inFlight === 0) {
      clearTimeout(this.#slowTimer)
      this.#slow = false
    }
    this.#update()
  }

  #update(): void {
    const online = typeof navigator === 'undefined' || navigator.onLine !== false
    const state = this.getSnapshot()
    const offline = !online || this.#networkDown
    if (state.busy === this.#slow && state.offline === offline) return
    this.setState({ requests: state.requests, busy: this.#slow, offline })
  }
}
