/** Resolves after `ms` milliseconds. For pacing load or polling, never as proof that nothing happened. */
export declare const sleep: (ms: number) => Promise<void>

export interface WaitOptions {
  /** Milliseconds before giving up (default 10,000). */
  timeout?: number
  /** Milliseconds between checks (default 20). */
  every?: number
  /** What is awaited, for the timeout error. */
  message?: string
  /** Runs before every check. */
  onPoll?: () => void
}

/** Polls `check` until it returns a truthy value and resolves with it; rejects after `timeout`. */
export declare const waitFor: <T>(check: () => T | Promise<T>, options?: WaitOptions) => Promise<NonNullable<T>>
