import { ERROR_CODES, type ErrorBody, type ErrorCode } from '@rootlodge/reality/types'

/** A failure with an HTTP status and a JSON body that names the problem. */
export class RealityHttpError extends Error {
  /** The HTTP status the answer carries. */
  readonly status: number
  /** The `error` field of the body. */
  readonly code: ErrorCode
  /** The fields that broke the schema, for `invalid_request`. */
  readonly issues: ErrorBody['issues']
  /** Headers the answer carries besides the JSON ones, e.g. `Retry-After`. */
  readonly headers: Record<string, string>

  constructor(
    status: number,
    code: ErrorCode,
    message: string,
    extra: { issues?: ErrorBody['issues']; headers?: Record<string, string> } = {},
  ) {
    super(message)
    this.name = 'RealityHttpError'
    this.status = status
    this.code = code
    this.issues = extra.issues
    this.headers = extra.headers ?? {}
  }

  /** The JSON body of the answer: `{ error, message, issues? }`. */
  toBody(): ErrorBody {
    return this.issues
      ? { error: this.code, message: this.message, issues: this.issues }
      : { error: this.code, message: this.message }
  }
}

/** The request body or its fields break the protocol (400). */
export class InvalidRequestError extends RealityHttpError {
  constructor(message: string, issues?: ErrorBody['issues'], code: ErrorCode = ERROR_CODES.invalidRequest) {
    super(400, code, message, { issues })
    this.name = 'InvalidRequestError'
  }
}

/** Body bigger than `limits.maxBodyBytes`, or more keys than `limits.maxKeysPerRequest` (413). */
export class PayloadTooLargeError extends RealityHttpError {
  constructor(code: ErrorCode, message: string) {
    super(413, code, message)
    this.name = 'PayloadTooLargeError'
  }
}

/** The storage failed or is unreachable (503 with Retry-After); the client should retry. */
export class StorageUnavailableError extends RealityHttpError {
  constructor(retryAfterSeconds: number, cause?: unknown) {
    super(503, ERROR_CODES.storageUnavailable, 'storage is unavailable, retry later', {
      headers: { 'retry-after': String(retryAfterSeconds) },
    })
    this.name = 'StorageUnavailableError'
    if (cause !== undefined) this.cause = cause
  }
}
