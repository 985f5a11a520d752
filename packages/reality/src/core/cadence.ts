import type { TimeoutProvider } from '../managers/timeout-manager'

export interface CadenceBounds {
  min: number
  max: number
  factor: number
}

/**
 * The adaptive timer behind visible-tab freshness (and the fixed one of polling-compat: `min = max`, `factor = 1`).
 * After a sync that saw a change the next tick is `min` away; after one that saw none the interval grows by `factor`
 * up to `max`. The caller decides whether a timer may exist at all: `stop()` clears it (hidden, offline, no keys),
 * so nothing runs rather than ticks being skipped.
 */
export class Cadence {
  readonly #bounds: CadenceBounds
  readonly #timers: TimeoutProvider
  readonly #tick: () => void
  #interval: number
  #timer: unknown

  constructor(bounds: CadenceBounds, timers: TimeoutProvider, tick: () => void) {
    this.#bounds = bounds
    this.#timers = timers
    this.#tick = tick
    this.#interval = bounds.min
  }

  get interval(): number {
    return this.#interval
  }

  get armed(): boolean {
    return this.#timer !== undefined
  }

  /** Adapts the interval to what the last full sync saw and re-arms from now. */
  after(changed: boolean): void {
    const { min, max, factor } = this.#bounds
    this.#interval = changed ? min : Math.min(max, this.#interval * factor)
    this.arm()
  }

  /** Back to the quickest interval (the page just became visible or online again). */
  reset(): void {
    this.#interval = this.#bounds.min
  }

  /** (Re)starts the timer at the current interval. */
  arm(): void {
    this.stop()
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = undefined
      this.#tick()
    }, this.#interval)
  }

  stop(): void {
    if (this.#timer === undefined) return
    this.#timers.clearTimeout(this.#timer)
    this.#timer = undefined
  }
}
