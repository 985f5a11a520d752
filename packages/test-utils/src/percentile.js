/**
 * The `p`th percentile (0-100) of `values` by the nearest-rank method: the smallest value that at least p% of the
 * values are less than or equal to, always one of the measured values, never an interpolation. `p` = 0 gives the
 * minimum, 100 the maximum; NaN when there are no values. Every bench and test reports percentiles through this one,
 * so their numbers compare.
 */
export const percentile = (values, p) => {
  const sorted = Float64Array.from(values).sort()
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]
}

/** The median of `values` (the mean of the middle two for an even count); NaN when there are none. */
export const median = (values) => {
  const sorted = Float64Array.from(values).sort()
  if (sorted.length === 0) return Number.NaN
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
