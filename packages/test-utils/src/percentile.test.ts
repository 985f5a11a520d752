import { describe, expect, it } from 'vitest'
import { median, percentile } from './percentile.js'

describe('percentile (nearest rank)', () => {
  const values = [15, 20, 35, 40, 50]

  it('answers one of the values: the smallest with at least p% of the values at or below it', () => {
    expect(percentile(values, 5)).toBe(15)
    expect(percentile(values, 30)).toBe(20)
    expect(percentile(values, 40)).toBe(20)
    expect(percentile(values, 50)).toBe(35)
    expect(percentile(values, 100)).toBe(50)
  })

  it('gives the minimum for p = 0, sorts numerically, and NaN for no values', () => {
    expect(percentile([100, 9, 10], 0)).toBe(9)
    expect(percentile([100, 9, 10], 99)).toBe(100)
    expect(percentile([], 50)).toBeNaN()
  })

  it('median averages the middle two of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([3, 1, 2])).toBe(2)
    expect(median([])).toBeNaN()
  })
})
