/*
 * A bound on log lines a client can cause. Every request refused with a 4xx (or failing with a 5xx) is a line, so a
 * flood of bad requests would otherwise become a flood of log bytes (disk, a paid log service). At most `perSecond`
 * such lines are written in each wall-clock second; the rest are counted, and the count goes out with the first
 * line of a later second. `/metrics` counts every request either way.
 */

/** Most request lines at warn or error level written per second, per server. */
export const MAX_REQUEST_LOG_LINES_PER_SECOND = 20

export class LineBudget {
  readonly #perSecond: number
  #second = -1
  #used = 0
  #dropped = 0

  constructor(perSecond: number) {
    this.#perSecond = perSecond
  }

  /**
   * Asks for one line now: `ok` says whether to write it; `dropped` (when positive) is how many were held back since
   * the last line written, to report first.
   */
  take(now: number): { ok: boolean; dropped: number } {
    const second = Math.floor(now / 1000)
    if (second !== this.#second) {
      this.#second = second
      this.#used = 0
    }
    if (this.#used >= this.#perSecond) {
      this.#dropped++
      return { ok: false, dropped: 0 }
    }
    this.#used++
    const dropped = this.#dropped
    this.#dropped = 0
    return { ok: true, dropped }
  }
}
