import { ERROR_CODES } from '@rootlodge/reality/types'
import type { RateLimitDecision } from './sliding-window'

/** A refused request's answer, in the `{ status, headers, body }` shape the HTTP dispatcher writes. */
export interface RateLimitedResult {
  /** Always 429 Too Many Requests. */
  status: 429
  /** `content-type` and `Retry-After` (whole seconds until a retry gets through). */
  headers: Record<string, string>
  /** The JSON error body, serialized. */
  body: string
}

/** `429` with `Retry-After` and the JSON error body `{ error: 'rate_limited', message }`. */
export const rateLimitedResult = (decision: RateLimitDecision): RateLimitedResult => ({
  status: 429,
  headers: {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'retry-after': String(decision.retryAfter),
  },
  body: JSON.stringify({
    error: ERROR_CODES.rateLimited,
    message: `too many requests: retry in ${decision.retryAfter} s`,
  }),
})
