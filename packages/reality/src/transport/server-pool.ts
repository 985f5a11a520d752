/**
 * The ordered server list with health bookkeeping; earlier servers are preferred. A failed server is blacklisted
 * for `blacklistDuration` (later ones are used meanwhile, and it is called again only when nothing else is left); a
 * server that sent `Retry-After` is blocked until then (never called earlier). Success clears both marks.
 */
export class ServerPool {
  readonly size: number
  readonly #blacklistDuration: number
  readonly #blacklistedUntil: number[]
  readonly #blockedUntil: number[]

  constructor(size: number, blacklistDuration: number) {
    this.size = size
    this.#blacklistDuration = blacklistDuration
    this.#blacklistedUntil = new Array(size).fill(0)
    this.#blockedUntil = new Array(size).fill(0)
  }

  /**
   * The server to call next, in list order: healthy and not yet tried in this request first, then healthy, then
   * blacklisted, then the blocked one free soonest.
   */
  pick(now: number, tried: ReadonlySet<number>): number {
    let best = 0
    let bestRank = Number.POSITIVE_INFINITY
    for (let i = 0; i < this.size; i++) {
      const blocked = this.#blockedUntil[i]
      const rank = blocked > now ? 4 + blocked : (this.#blacklistedUntil[i] > now ? 2 : 0) + (tried.has(i) ? 1 : 0)
      if (rank < bestRank) {
        best = i
        bestRank = rank
      }
    }
    return best
  }

  /** Milliseconds until server `i` may be called, per its `Retry-After`. */
  waitFor(i: number, now: number): number {
    return Math.max(0, this.#blockedUntil[i] - now)
  }

  fail(i: number, now: number, retryAfter?: number): void {
    this.#blacklistedUntil[i] = now + this.#blacklistDuration
    if (retryAfter !== undefined) this.#blockedUntil[i] = now + retryAfter
  }

  succeed(i: number): void {
    this.#blacklistedUntil[i] = 0
    this.#blockedUntil[i] = 0
  }
}
