import { type Clock, systemClock } from './clock'

/** Rejects when `promise` has not settled within `ms`, so a hung database cannot hang a request. */
export const withTimeout = <T>(
  promise: Promise<T>,
  ms: number,
  what: string,
  clock: Clock = systemClock,
): Promise<T> => {
  if (!Number.isFinite(ms) || ms <= 0) return promise
  let timer: unknown
  const timeout = new Promise<never>((_, reject) => {
    timer = clock.setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clock.clearTimeout(timer))
}

/** Resolves once `promise` settles (either way) or `ms` passed, whichever comes first. */
export const settleWithin = (promise: Promise<unknown>, ms: number, clock: Clock = systemClock): Promise<void> =>
  withTimeout(promise, ms, 'wait', clock).then(
    () => undefined,
    () => undefined,
  )

/** Runs a health probe: true when it resolves in time, false on any error or timeout. */
export const probe = async (
  check: () => Promise<unknown>,
  ms: number,
  clock: Clock = systemClock,
): Promise<boolean> => {
  try {
    await withTimeout(Promise.resolve().then(check), ms, 'health check', clock)
    return true
  } catch {
    return false
  }
}
