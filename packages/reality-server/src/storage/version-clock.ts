import { VERSION_SLOTS } from './types'

/**
 * Versions for storages without durable state (memory).
 *
 * A counter that restarts at 0 would hand a restarted server versions a client already
 * holds, and that client would miss every update until the counter caught up. Seeding the
 * counter from the wall clock in microseconds keeps every version a restarted process issues
 * above those of its previous life, as long as it never issued more than 1,000 versions per
 * millisecond on average (then it runs ahead of the clock, still strictly increasing).
 * Date.now() * 1000 stays below Number.MAX_SAFE_INTEGER until the year 2255.
 *
 * Servers of a mesh each run their own clock, so two of them could issue the same number for
 * one key. With a slot (0–999, distinct per server) every version this clock issues ends in
 * that slot (`version % 1000 === slot`): two servers can never issue the same version, at the
 * price of one version per millisecond per server before the clock runs ahead of the wall.
 */
export class VersionClock {
  #last: number
  #slot: number | undefined
  readonly #now: () => number

  constructor(now: () => number = Date.now, floor = 0) {
    this.#now = now
    this.#last = floor
  }

  /** A version strictly greater than every one issued or observed before. */
  next(): number {
    const base = Math.floor(this.#now()) * VERSION_SLOTS
    const slot = this.#slot
    if (slot === undefined) {
      this.#last = base > this.#last ? base : this.#last + 1
      return this.#last
    }
    let candidate = base + slot
    if (candidate <= this.#last) {
      candidate = this.#last - (this.#last % VERSION_SLOTS) + slot
      if (candidate <= this.#last) candidate += VERSION_SLOTS
    }
    this.#last = candidate
    return candidate
  }

  /** Records a version issued elsewhere (mesh peer, import) so later versions exceed it. */
  observe(version: number): void {
    if (version > this.#last) this.#last = version
  }

  /** Makes every later version end in `slot` (0–999); `undefined` lifts the constraint. */
  setSlot(slot: number | undefined): void {
    if (slot !== undefined && (!Number.isInteger(slot) || slot < 0 || slot >= VERSION_SLOTS))
      throw new RangeError(`version slot must be an integer from 0 to ${VERSION_SLOTS - 1}, got ${slot}`)
    this.#slot = slot
  }

  /** The slot every version ends in (0–999), or `undefined` when unconstrained. */
  get slot(): number | undefined {
    return this.#slot
  }

  /** The greatest version issued or observed so far (the floor it was created with before any). */
  get last(): number {
    return this.#last
  }
}
