/*
 * Where a catch-up read may start when commit order differs from version order.
 *
 * In a shared database a writer that was issued version 10 can commit after one issued 11.
 * A reader that saw 11 and asked "changed since 11?" would never see 10. So a read does not
 * start at the highest version seen, but at one old enough that everything at or below it
 * has surely committed and been read:
 *
 *   read j  : started s_j, finished f_j, highest version seen so far M_j
 *   writers : a version is committed at most L (maxCommitLag) after it was issued; a writer
 *             that took longer rewrites the key with a fresh version (see core/scale-out.ts)
 *
 *   cursor for the next read = max { M_j : f_j + L <= s_prev }   (0 when none)
 *                              where s_prev = start of the last successful read
 *
 * Why it is sound: versions are issued in real-time order, and M_j was committed before
 * f_j, so every v <= M_j was issued before f_j and committed before f_j + L <= s_prev. The
 * read that started at s_prev saw everything committed before s_prev (induction from the
 * first read, a full one), so nothing at or below the cursor can be missing. The new read
 * then sees everything above the cursor committed before it starts.
 *
 *   time ─────────────────────────────────────────────────────────────►
 *   read j  [s_j ── f_j]                         M_j known
 *           └──────── L ────────┘                every v <= M_j committed
 *   read p                        [s_prev ─ f_p] saw all committed before s_prev
 *   next                                          [s ── f]  asks "changed since M_j?"
 *
 * The price is re-reading the versions of the last ~L (+ one refresh interval) on every
 * refresh, and full reads during the first L after start. Times come from one monotonic
 * clock of this process; only durations are compared, never clocks of two machines.
 */

interface ReadRecord {
  finishedAt: number
  max: number
}

/** Bookkeeping of past catch-up reads; pure, so property tests drive it with a fake clock. */
export class CatchUpCursor {
  readonly #lag: number
  #reads: ReadRecord[] = []
  #lastStart: number | undefined

  constructor(maxCommitLag: number) {
    this.#lag = maxCommitLag
  }

  /** The version the next read asks for changes after (0 = everything). */
  next(): number {
    const lastStart = this.#lastStart
    if (lastStart === undefined) return 0
    let cursor = 0
    for (const read of this.#reads) {
      if (read.finishedAt + this.#lag > lastStart) break
      cursor = read.max
    }
    return cursor
  }

  /** Records a successful read: when it started and finished, and the highest version seen so far. */
  record(startedAt: number, finishedAt: number, maxSeen: number): void {
    this.#lastStart = startedAt
    this.#reads.push({ finishedAt, max: maxSeen })
    // Later starts only move forward: keep the newest record already old enough, drop older ones.
    let keepFrom = 0
    for (let i = 0; i < this.#reads.length; i++) {
      if (this.#reads[i].finishedAt + this.#lag <= startedAt) keepFrom = i
      else break
    }
    if (keepFrom > 0) this.#reads = this.#reads.slice(keepFrom)
  }
}
