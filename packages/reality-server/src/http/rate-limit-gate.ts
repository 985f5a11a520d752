import { rateLimitedResult } from '../ratelimit/rate-limited-response'
import { clientIdOf, type RateLimiter } from '../ratelimit/rate-limiter'
import type { HttpResult } from './dispatch'

/*
 * The `rateLimit` server option inside dispatch: the address is counted before the body is read
 * (a flood costs no parsing), the client id once the body is parsed. Undefined means "go on".
 */

/** The 429 for an address over its budget; nothing without a limiter or a known address. */
export const limitAddress = async (
  limiter: RateLimiter | undefined,
  address: string | undefined,
): Promise<HttpResult | undefined> => {
  if (!limiter || !address) return undefined
  const decision = await limiter.checkIp(address)
  return decision.allowed ? undefined : rateLimitedResult(decision)
}

/** The 429 for a sync body whose `clientId` is over its budget; nothing when it carries none. */
export const limitClient = async (limiter: RateLimiter | undefined, body: unknown): Promise<HttpResult | undefined> => {
  const clientId = limiter ? clientIdOf(body) : undefined
  if (!limiter || !clientId) return undefined
  const decision = await limiter.checkClient(clientId)
  return decision.allowed ? undefined : rateLimitedResult(decision)
}
