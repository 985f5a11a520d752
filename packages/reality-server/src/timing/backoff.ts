export interface BackoffOptions {
  /** Delay before the first retry (ms); doubled for each one after. */
  baseMs: number
  /** Longest delay (ms, default unbounded). */
  maxMs?: number
  /** Wait a random 50–100 % of the delay, so servers that failed together do not retry in step. */
  jitter?: boolean
}

/** Delay before retry number `attempt` (0 for the first): exponential, capped, optionally jittered. */
export const backoffDelay = (
  attempt: number,
  { baseMs, maxMs = Number.POSITIVE_INFINITY, jitter = false }: BackoffOptions,
  random: () => number = Math.random,
): number => {
  const delay = Math.min(maxMs, baseMs * 2 ** attempt)
  return jitter ? delay * (0.5 + random() / 2) : delay
}
