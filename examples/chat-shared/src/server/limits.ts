import type { RateLimit } from './rate-limiter'

/*
 * The limits the chat core enforces whatever the transport. docs/CHAT.md lists them with why.
 */

/** Live and removed reaction tags one message may hold. Bounds a message's size and the cost of each add. */
export const MAX_REACTION_TAGS = 1000

/** Tabs one user may have in the member lists; a further tab replaces their least recently seen one. */
export const MAX_TABS_PER_USER = 8

/**
 * How far ahead of the server clock a write's HLC wall time may be (ms). A stamp beyond is moved
 * to the bound, so nobody can stamp an edit far in the future and win every later one; a minute
 * leaves room for honest clocks that run a little fast.
 */
export const MAX_CLOCK_SKEW_MS = 60_000

/** New messages per user and room (the default; `CHAT_RATE_LIMIT` changes it). */
export const MESSAGE_RATE: RateLimit = { burst: 20, perSecond: 2 }

/** Buckets any one rate limiter keeps: its memory stays bounded under a flood of distinct keys. */
export const LIMITER_MAX_KEYS = 10_000
