import type { TimeoutProvider } from '@rootlodge/reality'

interface Pending {
  id: number
  at: number
  callback: () => void
}

/**
 * A deterministic clock for one client: timers fire only when the test advances it. Real I/O (the HTTP requests
 * to the test server) keeps using real time, so fake time and real sockets never interfere.
 */
export class ManualTimers implements TimeoutProvider {
  #now = 1_000_000
  #nextId = 1
  #pending: Pending[] = []
  /** Every delay requested, in order. */
  readonly delays: number[] = []

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#nextId++
    this.#pending.push({ id, at: this.#now + ms, callback })
    this.delays.push(ms)
    return id
  }

  clearTimeout(id: unknown): void {
    this.#pending = this.#pending.filter((p) => p.id !== id)
  }

  now(): number {
    return this.#now
  }

  /** Timers waiting to fire. */
  get pending(): number {
    return this.#pending.length
  }

  /** Delay of the next timer to fire, if any. */
  get nextDelay(): number | undefined {
    const next = this.#next()
    return next && next.at - this.#now
  }

  /** Moves the clock forward by `ms`, firing due timers in order (each may schedule more). */
  advance(ms: number): void {
    const end = this.#now + ms
    for (let next = this.#next(); next && next.at <= end; next = this.#next()) {
      this.#pending = this.#pending.filter((p) => p !== next)
      this.#now = next.at
      next.callback()
    }
    this.#now = end
  }

  #next(): Pending | undefined {
    return this.#pending.reduce<Pending | undefined>((a, b) => (!a || b.at < a.at ? b : a), undefined)
  }
}
