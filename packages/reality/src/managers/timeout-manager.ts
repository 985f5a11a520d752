/**
 * Timers used by the client. The defaults look `setTimeout`/`clearTimeout`/`Date.now` up on `globalThis` at call
 * time, not at import time, so fake timers installed after import (Vitest, Jest) still take effect.
 */
export interface TimeoutProvider {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(id: unknown): void
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
