/** What failed: the network, the timeout, an HTTP status, the response body, or the embedded server. */
export type RealityErrorCode = 'network' | 'timeout' | 'http' | 'invalid_response' | 'embedded'

/**
 * The error a key's state carries when a sync fails (a failing fetcher's own error is kept as it was thrown).
 *
 * @example
 * client.subscribe('posts', (state) => {
 *   if (state.error instanceof RealityError && state.error.code === 'timeout') showOfflineBanner()
 * })
 */
export class RealityError extends Error {
  /** What failed: `network`, `timeout`, `http`, `invalid_response` or `embedded`. */
  readonly code: RealityErrorCode
  /** HTTP status, when the server answered. */
  readonly status: number | undefined
  /** Milliseconds the server asked us to wait (`Retry-After`). */
  readonly retryAfter: number | undefined

  constructor(
    code: RealityErrorCode,
    message: string,
    extra: { status?: number | undefined; retryAfter?: number | undefined; cause?: unknown } = {},
  ) {
    super(message, extra)
    this.name = 'RealityError'
    this.code = code
    this.status = extra.status
    this.retryAfter = extra.retryAfter
  }
}

/** Network failures, timeouts, 408, 429 and 5xx are worth another try (maybe on another server). */
export const isRetryable = (error: RealityError): boolean =>
  error.code === 'network' ||
  error.code === 'timeout' ||
  (error.code === 'http' && (error.status === 408 || error.status === 429 || (error.status ?? 0) >= 500))

/** Any thrown value as an `Error`. */
export const toError = (value: unknown): Error => (value instanceof Error ? value : new Error(String(value)))
