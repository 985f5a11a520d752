import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { VersionClock } from '../../src'

describe('VersionClock slots (versions of mesh servers on memory storage)', () => {
  it('issues strictly increasing versions that all end in the slot, whatever the clock does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999 }),
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 200 }),
        (slot, steps) => {
          let now = 1_795_000_000_000
          const clock = new VersionClock(() => now)
          clock.setSlot(slot)
          let last = 0
          for (const step of steps) {
            now += step // the wall clock may stall or step back
            const version = clock.next()
            expect(version).toBeGreaterThan(last)
            expect(version % 1000).toBe(slot)
            last = version
          }
        },
      ),
    )
  })

  it('never lets two servers with different slots issue the same version', () => {
    const now = (): number => 1_795_000_000_000
    const a = new VersionClock(now)
    const b = new VersionClock(now)
    a.setSlot(1)
    b.setSlot(2)
    const issued = new Set<number>()
    for (let i = 0; i < 500; i++) {
      for (const clock of [a, b]) {
        const version = clock.next()
        expect(issued.has(version)).toBe(false)
        issued.add(version)
      }
      // Each observes the other's versions, as mesh peers do.
      a.observe(b.last)
      b.observe(a.last)
    }
  })

  it('goes above versions it observed and starts at the wall clock', () => {
    const clock = new VersionClock(() => 1_795_000_000_123)
    clock.setSlot(42)
    expect(clock.next()).toBe(1_795_000_000_123_042)
    clock.observe(1_795_000_000_500_999)
    expect(clock.next()).toBe(1_795_000_000_501_042)
    expect(() => clock.setSlot(1000)).toThrow(RangeError)
  })
})
