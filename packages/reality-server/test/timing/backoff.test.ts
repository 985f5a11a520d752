import { describe, expect, it } from 'vitest'
import { backoffDelay } from '../../src/timing'

describe('backoffDelay', () => {
  it('doubles from baseMs per attempt up to maxMs', () => {
    const delays = Array.from({ length: 8 }, (_, attempt) => backoffDelay(attempt, { baseMs: 100, maxMs: 5000 }))
    expect(delays).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000])
  })

  it('has no cap without maxMs', () => {
    expect(backoffDelay(10, { baseMs: 50 })).toBe(51_200)
  })

  it('with jitter waits between half and all of the delay', () => {
    const options = { baseMs: 100, maxMs: 1000, jitter: true }
    expect(backoffDelay(2, options, () => 0)).toBe(200)
    expect(backoffDelay(2, options, () => 0.5)).toBe(300)
    expect(backoffDelay(2, options, () => 0.999_999)).toBeCloseTo(400)
    expect(backoffDelay(9, options, () => 0)).toBe(500)
  })
})
