import { describe, expect, it } from 'vitest'
import { LIMITER_MAX_KEYS } from './limits'
import { RateLimiter } from './rate-limiter'

describe('RateLimiter', () => {
  it('gives a burst, then refills at the rate; a refused take costs nothing', () => {
    const limiter = new RateLimiter({ burst: 3, perSecond: 2 }, 10)
    expect([0, 1, 2].map(() => limiter.take('k', 1000))).toEqual([0, 0, 0])
    expect(limiter.take('k', 1000)).toBe(500)
    expect(limiter.take('k', 1000)).toBe(500)
    expect(limiter.take('k', 1500)).toBe(0)
    expect(limiter.take('other', 1500, 3)).toBe(0) // keys are independent
    expect(limiter.waitMs('k', 1500, 2)).toBe(1000)
  })

  it('keeps at most maxKeys buckets under a flood of distinct keys, dropping the least recently used', () => {
    const limiter = new RateLimiter({ burst: 1, perSecond: 0.001 }, LIMITER_MAX_KEYS)
    expect(limiter.take('regular', 0)).toBe(0)
    for (let i = 0; i < LIMITER_MAX_KEYS + 5000; i++) {
      limiter.take(`flood-${i}`, 1)
      if (i % 1000 === 0) expect(limiter.take('regular', 1)).toBeGreaterThan(0) // in use: kept, still empty
    }
    expect(limiter.size).toBe(LIMITER_MAX_KEYS)
    expect(limiter.take('flood-0', 2)).toBe(0) // the oldest were dropped (a dropped bucket starts full)
  })
})
