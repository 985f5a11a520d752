/** Upper bounds, in seconds, of the sync latency buckets: from half a millisecond to 2.5 s. */
export const SYNC_SECONDS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const

/** A Prometheus-style histogram: counts per upper bound (not cumulative here), sum and count. */
export class Histogram {
  readonly bounds: readonly number[]
  readonly #counts: number[]
  sum = 0
  count = 0

  constructor(bounds: readonly number[]) {
    this.bounds = bounds
    this.#counts = new Array(bounds.length).fill(0)
  }

  observe(value: number): void {
    this.sum += value
    this.count++
    const index = this.bounds.findIndex((bound) => value <= bound)
    if (index !== -1) this.#counts[index]++
  }

  /** Cumulative counts per bound, as the exposition format wants them (`+Inf` is `count`). */
  cumulative(): number[] {
    let total = 0
    return this.#counts.map((n) => {
      total += n
      return total
    })
  }
}
