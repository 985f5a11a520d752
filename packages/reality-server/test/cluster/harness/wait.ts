/** Sleeps `ms`. */
export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Polls `check` every `every` ms until it returns true (or a truthy value), failing after
 * `timeout` ms with `message`. `onPoll` runs before every check (e.g. a request that wakes
 * an on-demand reconnection).
 */
export const waitFor = async <T>(
  check: () => T | Promise<T>,
  { timeout = 10_000, every = 20, message = 'condition', onPoll }: WaitOptions = {},
): Promise<NonNullable<T>> => {
  const deadline = Date.now() + timeout
  let last: unknown
  for (;;) {
    onPoll?.()
    try {
      const value = await check()
      if (value) return value as NonNullable<T>
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeout} ms waiting for ${message}${last ? `: ${String(last)}` : ''}`)
    await delay(every)
  }
}

export interface WaitOptions {
  timeout?: number
  every?: number
  message?: string
  onPoll?: () => void
}
