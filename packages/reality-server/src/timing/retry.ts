import { type BackoffOptions, backoffDelay } from './backoff'
import { type Clock, delay, systemClock } from './clock'

export interface RetryOptions {
  /** Retries after the first attempt. */
  retries: number
  /** Wait between attempts; none when absent. */
  backoff?: BackoffOptions
  /** Whether an error is worth another attempt (default: every error). */
  retryIf?: (error: unknown) => boolean
  clock?: Clock
}

/** Runs `operation` until it resolves; rethrows the last error once retries are spent or `retryIf` says no. */
export const retry = async <T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> => {
  const { retries, backoff, retryIf = () => true, clock = systemClock } = options
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation(attempt)
    } catch (error) {
      if (attempt >= retries || !retryIf(error)) throw error
      if (backoff) await delay(backoffDelay(attempt, backoff), clock)
    }
  }
}
