import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest'
import { createRedisRateLimiter, createRedisRateLimitStore } from '../../src'

/* Two limiters (two servers, in effect) sharing one budget through the real Redis at 6379. */
describe('createRedisRateLimiter', () => {
  const prefix = `test:ratelimit:${randomUUID()}:`
  let ioredis: Redis
  let nodeRedis: ReturnType<typeof createClient>

  beforeAll(async () => {
    ioredis = new Redis({ host: '127.0.0.1', port: 6379 })
    nodeRedis = createClient({ url: 'redis://127.0.0.1:6379' })
    await nodeRedis.connect()
  })

  afterAll(async () => {
    const keys = await ioredis.keys(`${prefix}*`)
    if (keys.length > 0) await ioredis.del(...keys)
    ioredis.disconnect()
    await nodeRedis.close()
  })

  it('two limiters, on ioredis and on node-redis, enforce one budget per key', async () => {
    // Windows follow the wall clock: frozen 1 s into one, the five checks never straddle two.
    vi.useFakeTimers({ toFake: ['Date'], now: Math.ceil(Date.now() / 60_000) * 60_000 + 1_000 })
    onTestFinished(() => {
      vi.useRealTimers()
    })
    const options = { windowMs: 60_000, maxRequests: 4, prefix }
    const first = createRedisRateLimiter({ redis: ioredis, ...options })
    const second = createRedisRateLimiter({ redis: nodeRedis, ...options })
    expect((await first.checkClient('alice')).allowed).toBe(true)
    expect((await second.checkClient('alice')).allowed).toBe(true)
    expect((await first.checkClient('alice')).allowed).toBe(true)
    expect(await second.checkClient('alice')).toEqual({ allowed: true, remaining: 0, retryAfter: 0 })
    const refused = await first.checkClient('alice')
    expect(refused.allowed).toBe(false)
    expect(refused.retryAfter).toBeGreaterThanOrEqual(1)
    expect(refused.retryAfter).toBeLessThanOrEqual(120)
    expect((await second.checkClient('alice')).allowed).toBe(false)
    expect((await second.checkClient('bob')).allowed).toBe(true)
  })

  it('counters expire on their own: Redis holds a key for two windows at most', async () => {
    const limiter = createRedisRateLimiter({ redis: ioredis, windowMs: 5000, maxRequests: 2, prefix })
    await limiter.check('ttl')
    const [key] = await ioredis.keys(`${prefix}{ttl}:*`)
    const ttl = await ioredis.pttl(key)
    expect(ttl).toBeGreaterThan(0)
    expect(ttl).toBeLessThanOrEqual(11_000)
  })

  it('lets requests through and reports the error when Redis cannot answer', async () => {
    const closed = createClient({ url: 'redis://127.0.0.1:6379' }) // never connected
    const errors: unknown[] = []
    const limiter = createRedisRateLimiter({
      redis: closed,
      maxRequests: 1,
      prefix,
      onError: (error) => errors.push(error),
    })
    expect((await limiter.check('down')).allowed).toBe(true)
    expect((await limiter.check('down')).allowed).toBe(true)
    expect(errors).toHaveLength(2)
  })

  it('refuses a client that is neither ioredis nor node-redis', () => {
    expect(() => createRedisRateLimitStore({ redis: {} })).toThrow(TypeError)
  })
})
