import type { Clock, TimerHandle } from '../../src/timing'

interface Timer {
  at: number
  callback: () => void
}

/** Lets promise chains that a timer or a settled promise started run to their next wait. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** A clock whose time moves only when a test says so; its timers fire in order of due time. */
export class FakeClock implements Clock {
  #now: number
  #next = 1
  readonly #timers = new Map<number, Timer>()

  constructor(start = 1_000_000) {
    this.#now = start
  }

  now(): number {
    return this.#now
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.#next++
    this.#timers.set(id, { at: this.#now + Math.max(0, ms), callback })
    return id
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete(handle as number)
  }

  /** Delays of the pending timers from now, soonest first. */
  pending(): number[] {
    return [...this.#timers.values()].map((timer) => timer.at - this.#now).sort((a, b) => a - b)
  }

  /** Moves time `ms` forward, firing every timer due on the way and letting what it starts run. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms
    for (;;) {
      await settle()
      let due: [number, Timer] | undefined
      for (const entry of this.#timers) if (entry[1].at <= target && (!due || entry[1].at < due[1].at)) due = entry
      if (!due) break
      this.#timers.delete(due[0])
      this.#now = due[1].at
      due[1].callback()
    }
    this.#now = target
    await settle()
  }
}
