import { LIMITER_MAX_KEYS, type RateLimit, RateLimiter } from '@reality-examples/chat-shared/server'
import { IP_SIGN_IN_RATE, IP_WRITE_RATE, SESSION_WRITE_RATE } from './limits'

export interface WriteLimitOptions {
  sessionWrites: RateLimit
  ipWrites: RateLimit
  ipSignIns: RateLimit
}

export const DEFAULT_WRITE_LIMITS: WriteLimitOptions = {
  sessionWrites: SESSION_WRITE_RATE,
  ipWrites: IP_WRITE_RATE,
  ipSignIns: IP_SIGN_IN_RATE,
}

/** No limits at all: what `CHAT_RATE_LIMIT=off` asks for (benchmarks on one machine). */
export const NO_WRITE_LIMITS: WriteLimitOptions = {
  sessionWrites: { burst: Number.MAX_SAFE_INTEGER, perSecond: Number.MAX_SAFE_INTEGER },
  ipWrites: { burst: Number.MAX_SAFE_INTEGER, perSecond: Number.MAX_SAFE_INTEGER },
  ipSignIns: { burst: Number.MAX_SAFE_INTEGER, perSecond: Number.MAX_SAFE_INTEGER },
}

/**
 * Every write is paid for twice: by the signed-in user and by the client IP. A script that
 * signs in again and again gets new session buckets but the same IP bucket (and sign-ins
 * themselves are limited per IP), so rotating identities buys nothing. Each limiter keeps at
 * most `LIMITER_MAX_KEYS` buckets.
 */
export class WriteLimits {
  readonly bySession: RateLimiter
  readonly byIp: RateLimiter
  readonly signInsByIp: RateLimiter

  constructor(options: WriteLimitOptions = DEFAULT_WRITE_LIMITS) {
    this.bySession = new RateLimiter(options.sessionWrites, LIMITER_MAX_KEYS)
    this.byIp = new RateLimiter(options.ipWrites, LIMITER_MAX_KEYS)
    this.signInsByIp = new RateLimiter(options.ipSignIns, LIMITER_MAX_KEYS)
  }

  /** Takes `cost` write tokens from both buckets, or none: 0 when allowed, else the wait in ms. */
  write(ip: string, user: string, cost: number, now: number): number {
    const wait = Math.max(this.byIp.waitMs(ip, now, cost), this.bySession.waitMs(user, now, cost))
    // Refused: take nothing, but mark both keys as just used (a take of 0), so a client that
    // keeps knocking stays at the recent end and keeps its empty buckets.
    const taken = wait > 0 ? 0 : cost
    this.byIp.take(ip, now, taken)
    this.bySession.take(user, now, taken)
    return wait
  }

  signIn(ip: string, now: number): number {
    return this.signInsByIp.take(ip, now)
  }
}
