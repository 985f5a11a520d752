/** Resolves after `ms` milliseconds. For pacing load or polling, never as proof that nothing happened. */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Polls `check` every `every` ms until it returns a truthy value (which it resolves with), failing after `timeout` ms
 * with `message` and the last error `check` threw. `onPoll` runs before every check (e.g. a request that wakes an
 * on-demand reconnection).
 */
export const waitFor = async (check, { timeout = 10_000, every = 20, message = 'condition', onPoll } = {}) => {
  const deadline = Date.now() + timeout
  let last
  for (;;) {
    onPoll?.()
    try {
      const value = await check()
      if (value) return value
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeout} ms waiting for ${message}${last ? `: ${String(last)}` : ''}`)
    await sleep(every)
  }
}
