/**
 * Hybrid logical clock: wall-clock milliseconds plus a counter plus the writer's id. Stamps are
 * totally ordered, follow real time when clocks agree, and still respect causality when they
 * don't (a write made after seeing another always gets a greater stamp). Edits and deletes use
 * them as last-writer-wins timestamps, so every replica picks the same winner.
 */
export interface Hlc {
  /** Milliseconds since the epoch (the greatest seen so far, not necessarily this clock's). */
  wall: number
  /** Tie-breaker for stamps in the same millisecond. */
  count: number
  /** The writer: a tab id, unique per clock. The last tie-breaker. */
  node: string
}

/** Negative when `a` is older than `b`, 0 when equal, positive when newer. */
export const compareHlc = (a: Hlc, b: Hlc): number => {
  if (a.wall !== b.wall) return a.wall - b.wall
  if (a.count !== b.count) return a.count - b.count
  return a.node < b.node ? -1 : a.node > b.node ? 1 : 0
}

/** The zero stamp: older than any stamp a clock issues. */
export const HLC_ZERO: Hlc = { wall: 0, count: 0, node: '' }

/**
 * One writer's clock.
 *
 * @example
 * const clock = new HlcClock(tabId)
 * const stamp = clock.tick()          // for a local edit
 * clock.receive(event.hlc)            // for every stamp seen from others
 */
export class HlcClock {
  readonly node: string
  #last: Hlc
  readonly #now: () => number

  constructor(node: string, now: () => number = Date.now) {
    this.node = node
    this.#now = now
    this.#last = { wall: 0, count: 0, node }
  }

  /** A stamp greater than every stamp this clock issued or received. */
  tick(): Hlc {
    const wall = Math.max(this.#now(), this.#last.wall)
    const count = wall === this.#last.wall ? this.#last.count + 1 : 0
    this.#last = { wall, count, node: this.node }
    return this.#last
  }

  /** Moves the clock past a stamp seen from another writer. */
  receive(remote: Hlc): void {
    if (remote.wall > this.#last.wall || (remote.wall === this.#last.wall && remote.count > this.#last.count)) {
      this.#last = { wall: remote.wall, count: remote.count, node: this.node }
    }
  }
}
