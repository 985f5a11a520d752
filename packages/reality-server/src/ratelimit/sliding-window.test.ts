import { describe, expect, it } from 'vitest'
import { decide, SlidingWindowTable } from './sliding-window'

describe('sliding-window decision', () => {
  it('lets a key make `limit` requests, then refuses with the wait until one fits again', () => {
    const table = new SlidingWindowTable(10)
    const start = 5_000_000 // the start of a 1 s window
    for (let i = 0; i < 3; i++) expect(table.hit('a', 3, 1000, start + i).allowed).toBe(true)
    const refused = table.hit('a', 3, 1000, start + 10)
    expect(refused).toEqual({ allowed: false, remaining: 0, retryAfter: 1 })
    // Refused requests are not counted: the key gets in once its window has slid past.
    expect(table.hit('a', 3, 1000, start + 10 + refused.retryAfter * 1000).allowed).toBe(true)
    expect(table.hit('b', 3, 1000, start + 10).allowed).toBe(true)
  })

  it('weighs the previous window by its overlap with the sliding window', () => {
    // 10 requests in the previous window, a quarter into this one: 7.5 still count.
    expect(decide(2, 10, 250, 1000, 10).allowed).toBe(true)
    expect(decide(3, 10, 250, 1000, 10)).toMatchObject({ allowed: false })
    expect(decide(2, 10, 250, 1000, 10).remaining).toBe(0)
    expect(decide(0, 4, 500, 1000, 10).remaining).toBe(7)
  })

  it('gives a Retry-After after which the request is allowed, and before which it is not', () => {
    const windowMs = 60_000
    for (const [current, previous, elapsed] of [
      [5, 20, 1000],
      [20, 0, 30_000],
      [20, 20, 59_000],
      [19, 40, 10_000],
    ]) {
      const refused = decide(current, previous, elapsed, windowMs, 20)
      expect(refused.allowed).toBe(false)
      const at = elapsed + refused.retryAfter * 1000
      // The same counts seen `retryAfter` later, rolled into the next window if it is past this one.
      const later =
        at < windowMs ? decide(current, previous, at, windowMs, 20) : decide(0, current, at - windowMs, windowMs, 20)
      expect(later.allowed).toBe(true)
      const before = elapsed + (refused.retryAfter - 1) * 1000
      if (refused.retryAfter > 1 && before < windowMs)
        expect(decide(current, previous, before, windowMs, 20).allowed).toBe(false)
    }
  })
})

describe('SlidingWindowTable memory bound', () => {
  it('holds at most 2 × maxKeys entries under a flood of 1,000,000 distinct keys', () => {
    const maxKeys = 10_000
    const table = new SlidingWindowTable(maxKeys)
    let now = 1_000_000
    let largest = 0
    for (let i = 0; i < 1_000_000; i++) {
      table.hit(`flood:${i}`, 10, 1000, now)
      if (i % 1000 === 0) {
        now += 7 // 1,000,000 keys over about 7 windows: the previous window is full as well
        largest = Math.max(largest, table.size)
      }
    }
    expect(largest).toBeGreaterThan(maxKeys) // both windows in use
    expect(largest).toBeLessThanOrEqual(2 * maxKeys)
    expect(table.size).toBeLessThanOrEqual(2 * maxKeys)
  })

  it('keeps counting a key that keeps coming while the flood evicts idle ones', () => {
    const table = new SlidingWindowTable(100)
    const now = 1_000_000
    for (let i = 0; i < 5; i++) table.hit('busy', 5, 1000, now)
    for (let i = 0; i < 10_000; i++) {
      table.hit(`flood:${i}`, 5, 1000, now)
      if (i % 50 === 0) expect(table.hit('busy', 5, 1000, now).allowed).toBe(false)
    }
  })
})
