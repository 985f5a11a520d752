import { describe, expect, it } from 'vitest'
import { probe, settleWithin, withTimeout } from '../../src/timing'
import { FakeClock } from '../support/fake-clock'

/** A promise the test settles by hand. */
const deferred = <T>() => {
  let resolve: (value: T) => void = () => {}
  let reject: (error: unknown) => void = () => {}
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** Records how `promise` settled, to look at after moving the clock. */
const track = <T>(promise: Promise<T>) => {
  const state: { outcome?: 'resolved' | 'rejected'; value?: T; error?: unknown } = {}
  promise.then(
    (value) => Object.assign(state, { outcome: 'resolved', value }),
    (error) => Object.assign(state, { outcome: 'rejected', error }),
  )
  return state
}

describe('withTimeout', () => {
  it('passes the value through and clears its timer when the promise wins', async () => {
    const clock = new FakeClock()
    const work = deferred<string>()
    const result = track(withTimeout(work.promise, 1000, 'query', clock))
    await clock.advance(999)
    expect(result.outcome).toBeUndefined()
    work.resolve('rows')
    await clock.advance(0)
    expect(result).toEqual({ outcome: 'resolved', value: 'rows' })
    expect(clock.pending()).toEqual([])
  })

  it('passes a rejection through', async () => {
    const clock = new FakeClock()
    await expect(withTimeout(Promise.reject(new Error('refused')), 1000, 'query', clock)).rejects.toThrow('refused')
    expect(clock.pending()).toEqual([])
  })

  it('rejects naming what timed out once ms pass', async () => {
    const clock = new FakeClock()
    const result = track(withTimeout(deferred().promise, 1000, 'SQLStorage query', clock))
    await clock.advance(1000)
    expect(result.outcome).toBe('rejected')
    expect(String(result.error)).toBe('Error: SQLStorage query timed out after 1000 ms')
  })

  it('sets no timer for 0, a negative or an infinite ms', async () => {
    const clock = new FakeClock()
    for (const ms of [0, -1, Number.POSITIVE_INFINITY]) {
      const work = deferred<number>()
      const result = withTimeout(work.promise, ms, 'query', clock)
      expect(clock.pending()).toEqual([])
      work.resolve(ms)
      expect(await result).toBe(ms)
    }
  })
})

describe('settleWithin', () => {
  it('resolves when the promise settles, either way', async () => {
    const clock = new FakeClock()
    await settleWithin(Promise.reject(new Error('no ack')), 1000, clock)
    await settleWithin(Promise.resolve(1), 1000, clock)
    expect(clock.pending()).toEqual([])
  })

  it('resolves after ms when the promise does not settle', async () => {
    const clock = new FakeClock()
    const result = track(settleWithin(deferred().promise, 2000, clock))
    await clock.advance(1999)
    expect(result.outcome).toBeUndefined()
    await clock.advance(1)
    expect(result.outcome).toBe('resolved')
  })
})

describe('probe', () => {
  it('is true when the check resolves in time, false when it throws or hangs', async () => {
    const clock = new FakeClock()
    expect(await probe(async () => 'ok', 500, clock)).toBe(true)
    expect(
      await probe(
        () => {
          throw new Error('down')
        },
        500,
        clock,
      ),
    ).toBe(false)
    const hung = probe(() => deferred().promise, 500, clock)
    await clock.advance(500)
    expect(await hung).toBe(false)
  })
})
