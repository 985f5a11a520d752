import { describe, expect, it } from 'vitest'
import { compareHlc, HlcClock } from './hlc'

describe('HlcClock', () => {
  it('issues strictly increasing stamps even when the wall clock stands still or goes back', () => {
    let now = 1000
    const clock = new HlcClock('tab-a', () => now)
    const first = clock.tick()
    const second = clock.tick()
    now = 900
    const third = clock.tick()
    expect(compareHlc(second, first)).toBeGreaterThan(0)
    expect(compareHlc(third, second)).toBeGreaterThan(0)
    expect(third.wall).toBe(1000)
  })

  it('a stamp made after receiving another is greater than it, whatever the local clock says', () => {
    const behind = new HlcClock('tab-b', () => 10)
    const remote = { wall: 5000, count: 7, node: 'tab-a' }
    behind.receive(remote)
    expect(compareHlc(behind.tick(), remote)).toBeGreaterThan(0)
  })

  it('orders equal wall and count by node, so two writers never tie', () => {
    const a = { wall: 1, count: 0, node: 'a' }
    const b = { wall: 1, count: 0, node: 'b' }
    expect(compareHlc(a, b)).toBeLessThan(0)
    expect(compareHlc(b, a)).toBeGreaterThan(0)
    expect(compareHlc(a, { ...a })).toBe(0)
  })
})
