/** Whatever the runtime's setTimeout returns (a Timeout object on Node and Bun, a number elsewhere). */
export type TimerHandle = unknown

/**
 * Time as the server's timing code sees it: backoffs, timeouts and retries take one, so their
 * tests can pass a fake clock and move time by hand instead of waiting.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Calls `callback` once after `ms`; returns a handle for `clearTimeout`. */
  setTimeout(callback: () => void, ms: number): TimerHandle
  /** Cancels a timer `setTimeout` returned, unless it already ran. */
  clearTimeout(handle: TimerHandle): void
}

/** The runtime's own clock and timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/** Lets a pending timer not keep the process alive where the runtime allows it (Node, Bun). */
export const unrefTimer = (handle: TimerHandle): void => {
  if (typeof handle === 'object' && handle !== null && 'unref' in handle && typeof handle.unref === 'function')
    handle.unref()
}

/** Resolves after `ms` on `clock`. */
export const delay = (ms: number, clock: Clock = systemClock): Promise<void> =>
  new Promise((resolve) => {
    clock.setTimeout(resolve, ms)
  })
