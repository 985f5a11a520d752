import { type Deferred, deferred } from '@reality-internal/test-utils'

/** A fetcher whose every call waits for the test: `calls[i].resolve(data)` finishes call i. */
export const controlledFetcher = <T>() => {
  const calls: (Deferred<T> & { key: string })[] = []
  const fetcher = (key: string): Promise<T> => {
    const d = deferred<T>()
    calls.push({ ...d, key })
    return d.promise
  }
  return { fetcher, calls }
}

/** Lets pending promise callbacks run. */
export const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve))
}
