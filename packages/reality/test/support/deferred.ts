/** A promise with its resolve/reject exposed: lets a test decide when a fetcher finishes. */
export interface Deferred<T> {
  promise: Promise<T>
  resolve(value: T): void
  reject(error: unknown): void
}

export const deferred = <T>(): Deferred<T> => {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

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
