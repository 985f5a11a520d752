/**
 * The ordered server list with health bookkeeping. A failed server is blacklisted for `blacklistDuration` (others
 * are preferred, but it is still used when nothing else is left); a server that sent `Retry-After` is blocked until
 * then (it is never called earlier). The last server that answered stays preferred.
 */
export class ServerPool {
  readonly size: number
  readonly #blacklistDuration: number
  readonly #blacklistedUntil: number[]
  readonly #blockedUntil: number[]
  #preferred = 0

  constructor(size: number, blacklistDuration: number) {
    this.size = size
    this.#blacklistDuration = blacklistDuration
    this.#blacklistedUntil = new Array(size).fill(0)
    this.#blockedUntil = new Array(size).fill(0)
  }

  /**
   * The server to call next, walking from the preferred one: healthy and not yet tried in this call first, then
   * healthy, then blacklisted, then the blocked one free soonest.
   */
  pick(now: number, tried: ReadonlySet<number>): number {
    let best = 0
    let bestRank = Number.POSITIVE_INFINITY
    for (let step = 0; step < this.size; step++) {
      const i = (this.#preferred + step) % this.size
      const blocked = this.#blockedUntil[i]
      const rank =
        blocked > now ? 4 + blocked : (this.#blacklistedUntil[i] > now ? 2 : 0) + (tried.has(i) ? 1 : 0)
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
    this.#preferred = i
  }
}
