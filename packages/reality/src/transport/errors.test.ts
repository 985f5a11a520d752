import { describe, expect, it } from 'vitest'
import { isRetryable, RealityError, toError } from './errors'

describe('RealityError', () => {
  it('carries code, status, retryAfter and cause', () => {
    const cause = new Error('socket')
    const error = new RealityError('http', 'x', { status: 503, retryAfter: 1_000, cause })
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({ name: 'RealityError', code: 'http', status: 503, retryAfter: 1_000, cause })
  })

  it('retries network, timeout, 408, 429 and 5xx only', () => {
    const http = (status: number) => new RealityError('http', '', { status })
    expect(isRetryable(new RealityError('network', ''))).toBe(true)
    expect(isRetryable(new RealityError('timeout', ''))).toBe(true)
    for (const status of [408, 429, 500, 502, 503, 504]) expect(isRetryable(http(status))).toBe(true)
    for (const status of [400, 401, 404, 405, 413]) expect(isRetryable(http(status))).toBe(false)
    expect(isRetryable(new RealityError('invalid_response', ''))).toBe(false)
    expect(isRetryable(new RealityError('embedded', ''))).toBe(false)
  })

  it('wraps thrown non-errors', () => {
    expect(toError('boom').message).toBe('boom')
    const e = new Error('kept')
    expect(toError(e)).toBe(e)
  })
})
