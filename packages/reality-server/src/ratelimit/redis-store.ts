import { RateLimiter, type RateLimitOptions, type RateLimitStore } from './rate-limiter'
import { decide, previousWeight } from './sliding-window'

/*
 * The sliding-window counts in Redis, so every server behind a load balancer shares one budget
 * per key. One script call per request reads both windows and counts the request only when it is
 * under the limit, atomically. Clients are duck-typed (ioredis or node-redis v4+), never imported.
 */

// KEYS: current window, previous window. ARGV: limit, weight of the previous window, expiry in ms.
const SCRIPT = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
local counted = 0
if current + previous * tonumber(ARGV[2]) < tonumber(ARGV[1]) then
  counted = 1
  if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
end
return {counted, current, previous}
`

interface IORedisLike {
  status: string
  eval(script: string, keys: number, ...args: (string | number)[]): Promise<unknown>
}

interface NodeRedisLike {
  isReady: boolean
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>
}

/** Options of `createRedisRateLimitStore`. */
export interface RedisRateLimitStoreOptions {
  /** A connected ioredis or node-redis (v4+) client; the store never closes it. */
  redis: unknown
  /** Prefix of the counter keys (default `reality:ratelimit:`); servers sharing counts share it. */
  prefix?: string
  /** Longest wait for Redis, in ms, before the request is let through (default 250). */
  timeoutMs?: number
}

/** The settings of a Redis rate-limit store for the options it is not given. */
export const DEFAULT_REDIS_RATE_LIMIT = {
  /** Prefix of the counter keys. */
  prefix: 'reality:ratelimit:',
  /** Longest wait for Redis before a request is let through, in ms. */
  timeoutMs: 250,
} as const

type Evaluate = (keys: [string, string], args: [string, string, string]) => Promise<unknown>

const evaluator = (client: unknown): Evaluate => {
  const candidate = client as Partial<IORedisLike & NodeRedisLike> | null
  if (candidate && typeof candidate.eval === 'function') {
    if (typeof candidate.status === 'string') {
      const ioredis = candidate as IORedisLike
      return (keys, args) => ioredis.eval(SCRIPT, 2, ...keys, ...args)
    }
    if (typeof candidate.isReady === 'boolean') {
      const nodeRedis = candidate as NodeRedisLike
      return (keys, args) => nodeRedis.eval(SCRIPT, { keys, arguments: args })
    }
  }
  throw new TypeError('createRedisRateLimitStore: redis must be an ioredis or node-redis (v4+) client')
}

const within = <T>(promise: Promise<T>, ms: number): Promise<T> => {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`redis rate limit: no answer within ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** A `RateLimitStore` in Redis, shared by every limiter that uses the same Redis and prefix. */
export const createRedisRateLimitStore = (options: RedisRateLimitStoreOptions): RateLimitStore => {
  const evaluate = evaluator(options.redis)
  const prefix = options.prefix ?? DEFAULT_REDIS_RATE_LIMIT.prefix
  const timeoutMs = options.timeoutMs ?? DEFAULT_REDIS_RATE_LIMIT.timeoutMs
  return {
    async hit(key, limit, windowMs, now) {
      const window = Math.floor(now / windowMs)
      const elapsed = now - window * windowMs
      // The braces keep both windows of a key in one Redis Cluster slot.
      const base = `${prefix}{${key}}:`
      const reply = await within(
        evaluate(
          [`${base}${window}`, `${base}${window - 1}`],
          [String(limit), String(previousWeight(elapsed, windowMs)), String(2 * windowMs + 1000)],
        ),
        timeoutMs,
      )
      const [counted, current, previous] = (reply as unknown[]).map(Number)
      return decide(current, previous, elapsed, windowMs, limit, counted === 1)
    },
  }
}

/**
 * A `RateLimiter` whose counts live in Redis: limiters on several servers with the same Redis
 * and prefix enforce one budget per key. When Redis fails or is slower than `timeoutMs`, requests
 * are let through and the error goes to `onError`.
 *
 * @example
 * const limiter = createRedisRateLimiter({ redis: new Redis(), windowMs: 1000, maxRequests: 10 })
 */
export const createRedisRateLimiter = (
  options: RedisRateLimitStoreOptions & Omit<RateLimitOptions, 'store' | 'maxKeys'>,
): RateLimiter => new RateLimiter({ ...options, store: createRedisRateLimitStore(options) })
