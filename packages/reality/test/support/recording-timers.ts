import { type TimeoutProvider, timeoutManager } from '@rootlodge/reality'

/** Real timers that remember each delay asked for, and a clock the test may move forward. */
export const recordingTimers = () => {
  const delays: number[] = []
  let offset = 0
  const timers: TimeoutProvider = {
    setTimeout: (callback, ms) => {
      delays.push(ms)
      return timeoutManager.setTimeout(callback, ms)
    },
    clearTimeout: timeoutManager.clearTimeout,
    now: () => Date.now() + offset,
  }
  return { timers, delays, skip: (ms: number) => (offset += ms) }
}
