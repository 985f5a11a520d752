export { type BackoffOptions, backoffDelay } from './backoff'
export { type Clock, systemClock, type TimerHandle, unrefTimer } from './clock'
export { type RetryOptions, retry } from './retry'
export { probe, settleWithin, withTimeout } from './with-timeout'
