/**
 * Versions for storages without durable state (memory).
 *
 * A counter that restarts at 0 would hand a restarted server versions a client already
 * holds, and that client would miss every update until the counter caught up. Seeding the
 * counter from the wall clock in microseconds keeps every version a restarted process issues
 * above those of its previous life, as long as it never issued more than 1,000 versions per
 * millisecond on average (then it runs ahead of the clock, still strictly increasing).
 * Date.now() * 1000 stays below Number.MAX_SAFE_INTEGER until the year 2255.
 */
export class VersionClock {
  #last: number
  readonly #now: () => number

  constructor(now: () => number = Date.now, floor = 0) {
    this.#now = now
    this.#last = floor
  }

  /** A version strictly greater than every one issued or observed before. */
  next(): number {
    const candidate = Math.floor(this.#now()) * 1000
    this.#last = candidate > this.#last ? candidate : this.#last + 1
    return this.#last
  }

  /** Records a version issued elsewhere (mesh peer, import) so later versions exceed it. */
  observe(version: number): void {
    if (version > this.#last) this.#last = version
  }

  get last(): number {
    return this.#last
  }
}
