/** A promise with its resolve/reject exposed. */
export interface Deferred<T> {
  promise: Promise<T>
  resolve(value: T): void
  reject(error: unknown): void
}

/** A promise with its resolve and reject exposed, so a test decides when something finishes. */
export declare const deferred: <T = void>() => Deferred<T>
