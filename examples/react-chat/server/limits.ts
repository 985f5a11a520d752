import type { RateLimit } from '@reality-examples/chat-shared/server'

/*
 * What one client may ask of the chat's HTTP server. docs/CHAT.md lists these with why; the
 * chat core's own limits (reactions, tabs, clock skew, messages per room) are in chat-shared.
 */

/**
 * Write tokens per signed-in user: each command, typing signal, beacon and new presence tab
 * costs one. A busy human types, reacts and edits well under 1 a second; the burst of 100 is
 * the largest request (100 commands: an offline queue flushing at once).
 */
export const SESSION_WRITE_RATE: RateLimit = { burst: 100, perSecond: 10 }

/** Write tokens per client IP, whatever session it uses: a few people behind one NAT fit, a session-rotating script does not. */
export const IP_WRITE_RATE: RateLimit = { burst: 300, perSecond: 50 }

/** Sign-ins per client IP: a new session is a new rate-limit bucket, so making them is limited too. */
export const IP_SIGN_IN_RATE: RateLimit = { burst: 20, perSecond: 0.5 }

/** A request body larger than this is answered 413 (a command batch of 100 fits many times over). */
export const MAX_BODY_BYTES = 256 * 1024

/** How long a sign-in lasts (30 days). */
export const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60

/** What a 503 asks the client to wait before retrying (s) while the store is unreachable. */
export const STORE_RETRY_AFTER_S = 2
