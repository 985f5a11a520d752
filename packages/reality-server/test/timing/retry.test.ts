import { describe, expect, it } from 'vitest'
import { retry } from '../../src/timing'
import { FakeClock, settle } from '../support/fake-clock'

/** An operation that fails `failures` times, recording when (on the clock) each attempt ran. */
const flaky = (clock: FakeClock, failures: number, error = () => new Error('busy')) => {
  const attempts: number[] = []
  const start = clock.now()
  const operation = async (attempt: number): Promise<string> => {
    attempts.push(clock.now() - start)
    if (attempt < failures) throw error()
    return `done after ${attempt}`
  }
  return { operation, attempts }
}

describe('retry', () => {
  it('waits the backoff between attempts and resolves with the first success', async () => {
    const clock = new FakeClock()
    const { operation, attempts } = flaky(clock, 3)
    const result = retry(operation, { retries: 5, backoff: { baseMs: 100, maxMs: 300 }, clock })
    await settle()
    expect(attempts).toEqual([0])
    expect(clock.pending()).toEqual([100])
    await clock.advance(99)
    expect(attempts).toEqual([0])
    await clock.advance(1_000)
    expect(await result).toBe('done after 3')
    expect(attempts).toEqual([0, 100, 300, 600])
  })

  it('retries at once without a backoff', async () => {
    const clock = new FakeClock()
    const { operation, attempts } = flaky(clock, 2)
    expect(await retry(operation, { retries: 2, clock })).toBe('done after 2')
    expect(attempts).toEqual([0, 0, 0])
  })

  it('rethrows the last error once the retries are spent', async () => {
    const clock = new FakeClock()
    let n = 0
    const { operation, attempts } = flaky(clock, 10, () => new Error(`busy ${++n}`))
    const result = retry(operation, { retries: 2, backoff: { baseMs: 10 }, clock }).catch((error: Error) => error)
    await clock.advance(1_000)
    expect(String(await result)).toBe('Error: busy 3')
    expect(attempts).toEqual([0, 10, 30])
    expect(clock.pending()).toEqual([])
  })

  it('rethrows at once an error retryIf refuses', async () => {
    const clock = new FakeClock()
    const { operation, attempts } = flaky(clock, 10, () => new TypeError('bad request'))
    await expect(
      retry(operation, { retries: 5, backoff: { baseMs: 10 }, retryIf: (e) => !(e instanceof TypeError), clock }),
    ).rejects.toThrow('bad request')
    expect(attempts).toEqual([0])
  })
})
