/** Rejects when `promise` has not settled within `ms`, so a hung database cannot hang a request. */
export const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
  if (!Number.isFinite(ms) || ms <= 0) return promise
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** Runs a health probe: true when it resolves in time, false on any error or timeout. */
export const probe = async (check: () => Promise<unknown>, ms: number): Promise<boolean> => {
  try {
    await withTimeout(Promise.resolve().then(check), ms, 'health check')
    return true
  } catch {
    return false
  }
}
