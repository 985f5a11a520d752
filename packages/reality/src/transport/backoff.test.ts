import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { backoffDelay, MAX_BACKOFF } from './backoff'

describe('backoffDelay', () => {
  it('doubles per attempt, with jitter in the upper half', () => {
    expect(backoffDelay(0, 100, () => 0)).toBe(50)
    expect(backoffDelay(0, 100, () => 1)).toBe(100)
    expect(backoffDelay(3, 100, () => 0)).toBe(400)
    expect(backoffDelay(3, 100, () => 1)).toBe(800)
  })

  it('stays within [ceiling / 2, ceiling] and never exceeds MAX_BACKOFF', () => {
    fc.assert(
      fc.property(
        fc.nat(40),
        fc.integer({ min: 1, max: 10_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempt, base, r) => {
          const ceiling = Math.min(base * 2 ** attempt, MAX_BACKOFF)
          const delay = backoffDelay(attempt, base, () => r)
          expect(delay).toBeGreaterThanOrEqual(ceiling / 2)
          expect(delay).toBeLessThanOrEqual(ceiling)
        },
      ),
    )
  })
})
