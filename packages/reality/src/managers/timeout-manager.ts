/**
 * Timers used by the client. The defaults look `setTimeout`/`clearTimeout`/`Date.now` up on `globalThis` at call
 * time, not at import time, so fake timers installed after import (Vitest, Jest) still take effect.
 */
export interface TimeoutProvider {
  /** Calls `callback` once after `ms`; returns an id for `clearTimeout`. */
  setTimeout(callback: () => void, ms: number): unknown
  /** Cancels a timer `setTimeout` returned, unless it already ran. */
  clearTimeout(id: unknown): void
  /** Milliseconds since the epoch. */
  now(): number
}

/**
 * The default timer provider.
 *
 * @example
 * const client = createRealityClient({ managers: { timers: { ...timeoutManager, now: () => performance.now() } } })
 */
export const timeoutManager: TimeoutProvider = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (id) => globalThis.clearTimeout(id as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
}
