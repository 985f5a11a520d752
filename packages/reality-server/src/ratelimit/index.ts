export { addressKey } from './address-key'
export { type RateLimitedResult, rateLimitedResult } from './rate-limited-response'
export {
  DEFAULT_RATE_LIMIT,
  RateLimiter,
  type RateLimitOption,
  type RateLimitOptions,
  type RateLimitStore,
  toRateLimiter,
} from './rate-limiter'
export {
  createRedisRateLimiter,
  createRedisRateLimitStore,
  DEFAULT_REDIS_RATE_LIMIT,
  type RedisRateLimitStoreOptions,
} from './redis-store'
export type { RateLimitDecision } from './sliding-window'
