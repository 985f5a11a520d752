/** Longest single backoff delay, in ms. */
export const MAX_BACKOFF = 30_000

/**
 * Delay before retry number `attempt` (0-based): `base · 2^attempt`, capped at `MAX_BACKOFF`, with "equal jitter"
 * (a random point in its upper half) so clients that failed together do not retry together.
 *
 * @example
 * backoffDelay(2, 100) // between 200 and 400
 */
export const backoffDelay = (attempt: number, base: number, random: () => number = Math.random): number => {
  const ceiling = Math.min(base * 2 ** attempt, MAX_BACKOFF)
  return ceiling / 2 + (ceiling / 2) * random()
}
