import { afterEach, describe, expect, it, vi } from 'vitest'
import { timeoutManager } from './timeout-manager'

afterEach(() => {
  vi.useRealTimers()
})

describe('timeoutManager', () => {
  it('uses fake timers installed after import, because it looks globals up at call time', () => {
    vi.useFakeTimers({ now: 1_000 })
    let fired = false
    const id = timeoutManager.setTimeout(() => {
      fired = true
    }, 50)
    expect(timeoutManager.now()).toBe(1_000)
    vi.advanceTimersByTime(50)
    expect(fired).toBe(true)
    timeoutManager.clearTimeout(id)
    const later = timeoutManager.setTimeout(() => {
      fired = false
    }, 10)
    timeoutManager.clearTimeout(later)
    vi.advanceTimersByTime(100)
    expect(fired).toBe(true)
  })
})
