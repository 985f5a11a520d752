import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../support/virtual-clock.mjs'

describe('VirtualClock', () => {
  it('fires timers in simulated-time order, skipping cleared ones, and stops at the end', async () => {
    const clock = new VirtualClock(0)
    const fired = []
    clock.setTimeout(() => fired.push(['b', clock.now()]), 2_000)
    clock.setTimeout(() => fired.push(['a', clock.now()]), 1_000)
    const cleared = clock.setTimeout(() => fired.push(['never', clock.now()]), 1_500)
    clock.setTimeout(() => fired.push(['late', clock.now()]), 9_000)
    clock.clearTimeout(cleared)
    await clock.run(5_000, 100)
    expect(fired).toEqual([
      ['a', 1_000],
      ['b', 2_000],
    ])
    expect(clock.now()).toBe(5_000)
  })

  it('holds simulated time until tracked work has settled, so follow-up timers start from the right moment', async () => {
    const clock = new VirtualClock(0)
    const seen = []
    let release
    const work = new Promise((resolve) => {
      release = resolve
    })
    clock.setTimeout(() => {
      clock.track(work.then(() => clock.setTimeout(() => seen.push(clock.now()), 500)))
    }, 1_000)
    clock.setTimeout(() => seen.push(`other ${clock.now()}`), 1_200)
    const running = clock.run(3_000, 100)
    await new Promise((resolve) => setImmediate(resolve))
    expect(seen).toEqual([])
    release()
    await running
    expect(seen).toEqual(['other 1200', 1_500])
  })
})
