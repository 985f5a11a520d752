import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Actor } from '@reality-examples/chat-shared/domain'
import { SESSION_MAX_AGE_S } from './limits'

export const SESSION_COOKIE = 'chat_session'

/** Display names: 1 to 40 characters after trimming, no control characters. */
export const parseDisplayName = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined
  const name = value.trim()
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  return name.length >= 1 && name.length <= 40 && !/[\u0000-\u001f\u007f]/.test(name) ? name : undefined
}

/**
 * Who a browser is: `{ id, name }` signed with HMAC-SHA256 in an HttpOnly, SameSite=Lax cookie.
 * The server issues the id when the user signs in; the client cannot choose or change it, and a
 * cookie whose signature does not match the secret is no session at all. The secret comes from
 * `CHAT_SESSION_SECRET`, or is random per process (every session ends with a restart).
 */
export class SessionSigner {
  readonly #secret: Buffer

  constructor(secret?: string) {
    this.#secret = secret ? Buffer.from(secret, 'utf8') : randomBytes(32)
  }

  #sign(payload: string): string {
    return createHmac('sha256', this.#secret).update(payload).digest('base64url')
  }

  /** A new user with this display name (or the same user, renamed, when `current` is given). */
  issue(name: string, current?: Actor, now = Date.now()): { user: Actor; cookie: string } {
    const user = { id: current?.id ?? `u-${randomUUID()}`, name }
    const payload = Buffer.from(JSON.stringify({ ...user, iat: Math.floor(now / 1000) })).toString('base64url')
    const value = `${payload}.${this.#sign(payload)}`
    return {
      user,
      cookie: `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_MAX_AGE_S}`,
    }
  }

  /** The signed-in user of a request, if its cookie is present, intact and not expired. */
  read(req: IncomingMessage, now = Date.now()): Actor | undefined {
    const value = cookieValue(req.headers.cookie, SESSION_COOKIE)
    const dot = value?.indexOf('.') ?? -1
    if (!value || dot < 1) return undefined
    const payload = value.slice(0, dot)
    const given = Buffer.from(value.slice(dot + 1), 'base64url')
    const expected = Buffer.from(this.#sign(payload), 'base64url')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
        id?: unknown
        name?: unknown
        iat?: unknown
      }
      const name = parseDisplayName(claims.name)
      if (typeof claims.id !== 'string' || !name || typeof claims.iat !== 'number') return undefined
      if (now / 1000 - claims.iat > SESSION_MAX_AGE_S) return undefined
      return { id: claims.id, name }
    } catch {
      return undefined
    }
  }
}

const cookieValue = (header: string | undefined, name: string): string | undefined => {
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}
