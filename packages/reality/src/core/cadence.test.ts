import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { timeoutManager } from '../managers/timeout-manager'
import { Cadence } from './cadence'

// The cadence on Vitest's fake timers, through the default (lazy) timer provider.
beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('Cadence', () => {
  it('backs off by factor up to max while nothing changes and returns to min after a change', () => {
    const ticks: number[] = []
    const cadence = new Cadence({ min: 1_000, max: 5_000, factor: 2 }, timeoutManager, () => ticks.push(Date.now()))
    const seen: number[] = []
    for (const changed of [false, false, false, false, true, false]) {
      cadence.after(changed)
      seen.push(cadence.interval)
    }
    expect(seen).toEqual([2_000, 4_000, 5_000, 5_000, 1_000, 2_000])
  })

  it('fires once per arm, and stop() clears the timer', () => {
    let ticks = 0
    const cadence = new Cadence({ min: 100, max: 100, factor: 1 }, timeoutManager, () => ticks++)
    cadence.arm()
    expect(vi.getTimerCount()).toBe(1)
    vi.advanceTimersByTime(100)
    expect(ticks).toBe(1)
    expect(cadence.armed).toBe(false)
    cadence.arm()
    cadence.stop()
    expect(vi.getTimerCount()).toBe(0)
    vi.advanceTimersByTime(1_000)
    expect(ticks).toBe(1)
  })

  it('re-arming replaces the pending timer instead of adding one', () => {
    const cadence = new Cadence({ min: 100, max: 100, factor: 1 }, timeoutManager, () => {})
    cadence.arm()
    cadence.arm()
    cadence.after(false)
    expect(vi.getTimerCount()).toBe(1)
    cadence.reset()
    expect(cadence.interval).toBe(100)
  })
})
