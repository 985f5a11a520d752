import { ERROR_CODES } from '@rootlodge/reality/types'
import type { RateLimitDecision } from './sliding-window'

/** A refused request's answer, in the `{ status, headers, body }` shape the HTTP dispatcher writes. */
export interface RateLimitedResult {
  status: 429
  headers: Record<string, string>
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
