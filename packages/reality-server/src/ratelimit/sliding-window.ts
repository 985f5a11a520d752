/*
 * The sliding-window counter: a key's rate is its count in the current fixed window plus its
 * count in the previous window weighted by how much of that window still overlaps the last
 * `windowMs`. Two integers per key, no timestamps, and within a few percent of a true sliding log.
 */

/** What a limiter answers for one request. */
export interface RateLimitDecision {
  /** True when the request may proceed (it was counted). */
  allowed: boolean
  /** Requests the key may still make right now (0 when refused). */
  remaining: number
  /** Seconds after which a retry can succeed (whole seconds, at least 1); 0 when allowed. */
  retryAfter: number
}

/** The share of the previous window still inside the sliding window, at `elapsed` ms into the current one. */
export const previousWeight = (elapsed: number, windowMs: number): number => (windowMs - elapsed) / windowMs

/** Milliseconds from `elapsed` until `current + previous × weight` drops below `limit`. */
const waitMs = (current: number, previous: number, elapsed: number, windowMs: number, limit: number): number => {
  // Still room in this window once enough of the previous one has slid out.
  if (current < limit) return windowMs - (windowMs * (limit - current)) / previous - elapsed
  // This window is full: it becomes the previous one, and slides out in its turn.
  return windowMs - elapsed + windowMs - (windowMs * limit) / current
}

/**
 * The decision for a key that made `current` requests in this window and `previous` in the last;
 * `counted` says whether the store counted this request (a store may decide atomically itself).
 */
export const decide = (
  current: number,
  previous: number,
  elapsed: number,
  windowMs: number,
  limit: number,
  counted = current + previous * previousWeight(elapsed, windowMs) < limit,
): RateLimitDecision => {
  if (counted) {
    const used = current + 1 + previous * previousWeight(elapsed, windowMs)
    return { allowed: true, remaining: Math.max(0, Math.floor(limit - used)), retryAfter: 0 }
  }
  const wait = waitMs(current, previous, elapsed, windowMs, limit)
  return { allowed: false, remaining: 0, retryAfter: Math.max(1, Math.ceil((wait + 1) / 1000)) }
}

/**
 * Counts of one window, at most `maxKeys` of them, in two generations: a key is written to the
 * young one; when that is half full it becomes the old one and the previous old one is dropped
 * whole. A key seen again moves to the young generation, so a busy key outlives a flood of new
 * ones, and nothing is scanned or sorted: every operation is O(1).
 */
class BoundedCounts {
  #young = new Map<string, number>()
  #old = new Map<string, number>()
  readonly #half: number

  constructor(maxKeys: number) {
    this.#half = Math.max(1, Math.floor(maxKeys / 2))
  }

  get size(): number {
    return this.#young.size + this.#old.size
  }

  get(key: string): number | undefined {
    return this.#young.get(key) ?? this.#old.get(key)
  }

  set(key: string, count: number): void {
    if (!this.#young.has(key)) {
      this.#old.delete(key)
      if (this.#young.size >= this.#half) {
        this.#old = this.#young
        this.#young = new Map()
      }
    }
    this.#young.set(key, count)
  }
}

/**
 * Per-key counts of the current and previous windows, in memory: at most `maxKeys` keys per
 * window, so a flood of distinct keys costs at most `2 × maxKeys` entries. A key dropped to make
 * room starts again from zero: the bound lets a request through, it never refuses one.
 */
export class SlidingWindowTable {
  readonly maxKeys: number
  #current: BoundedCounts
  #previous: BoundedCounts
  #window = Number.NEGATIVE_INFINITY

  constructor(maxKeys: number) {
    if (!(maxKeys >= 2)) throw new RangeError(`maxKeys must be at least 2, got ${maxKeys}`)
    this.maxKeys = maxKeys
    this.#current = new BoundedCounts(maxKeys)
    this.#previous = new BoundedCounts(maxKeys)
  }

  /** Entries held, both windows together. */
  get size(): number {
    return this.#current.size + this.#previous.size
  }

  hit(key: string, limit: number, windowMs: number, now: number): RateLimitDecision {
    const window = Math.floor(now / windowMs)
    if (window !== this.#window) {
      this.#previous = window === this.#window + 1 ? this.#current : new BoundedCounts(this.maxKeys)
      this.#current = new BoundedCounts(this.maxKeys)
      this.#window = window
    }
    const current = this.#current.get(key) ?? 0
    const decision = decide(current, this.#previous.get(key) ?? 0, now - window * windowMs, windowMs, limit)
    // Refused requests are not counted, but the key is touched so that it stays in the table.
    this.#current.set(key, decision.allowed ? current + 1 : current)
    return decision
  }
}
