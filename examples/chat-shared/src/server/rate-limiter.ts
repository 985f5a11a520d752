/** A token bucket: `burst` at once, then `perSecond` on average. */
export interface RateLimit {
  burst: number
  perSecond: number
}

/**
 * Token buckets per key (a session, an IP, a user in a room) in bounded memory: at most
 * `maxKeys` buckets, the least recently used one dropped first. A dropped bucket is one that
 * has not been used for longest, so it has (nearly) refilled: forgetting it costs nothing in
 * normal use, and a flood of distinct keys cannot grow the map past `maxKeys`.
 *
 * @example
 * const limiter = new RateLimiter({ burst: 20, perSecond: 2 }, 10_000)
 * const waitMs = limiter.take(`session:${id}`, Date.now()) // 0: allowed
 */
export class RateLimiter {
  readonly limit: RateLimit
  readonly maxKeys: number
  readonly #buckets = new Map<string, { tokens: number; at: number }>()

  constructor(limit: RateLimit, maxKeys: number) {
    this.limit = limit
    this.maxKeys = maxKeys
  }

  get size(): number {
    return this.#buckets.size
  }

  /** The wait (ms) before `cost` tokens would be there, without taking any or touching the order. */
  waitMs(key: string, now: number, cost = 1): number {
    const tokens = this.#tokens(key, now)
    return tokens >= cost ? 0 : Math.ceil(((cost - tokens) / this.limit.perSecond) * 1000)
  }

  /** Takes `cost` tokens from `key`'s bucket: 0 when allowed, else how long (ms) to wait. */
  take(key: string, now: number, cost = 1): number {
    const tokens = this.#tokens(key, now)
    const allowed = tokens >= cost
    // Re-inserted last, refused or not: the map's order is least recently used first, so a key
    // that keeps knocking is never the one a flood of new keys pushes out.
    this.#buckets.delete(key)
    this.#buckets.set(key, { tokens: allowed ? tokens - cost : tokens, at: now })
    if (this.#buckets.size > this.maxKeys) this.#buckets.delete(this.#buckets.keys().next().value as string)
    return allowed ? 0 : Math.ceil(((cost - tokens) / this.limit.perSecond) * 1000)
  }

  #tokens(key: string, now: number): number {
    const bucket = this.#buckets.get(key)
    if (!bucket) return this.limit.burst
    return Math.min(this.limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond)
  }
}
