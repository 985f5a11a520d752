/**
 * Milliseconds to wait from a `Retry-After` header: delta-seconds or an HTTP date. `undefined` when absent or
 * unparseable; never negative.
 *
 * @example
 * parseRetryAfter('2', Date.now()) // 2000
 */
export const parseRetryAfter = (header: string | null | undefined, now: number): number | undefined => {
  if (!header) return undefined
  const trimmed = header.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  // An HTTP date has a day or month name; Date.parse alone would also take "-3" as a year.
  const date = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
