import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Actor, PresenceBeacon } from '@reality-examples/chat-shared/domain'
import {
  BadRequest,
  type ChatService,
  isJsonRequest,
  parseCommandsRequest,
  readJson,
  sendError,
  sendJson,
} from '@reality-examples/chat-shared/server'
import { MAX_BODY_BYTES } from './limits'
import { parseDisplayName, type SessionSigner } from './session'
import type { WriteLimits } from './write-limits'

const ROOM_ROUTE = /^\/api\/rooms\/([a-z0-9-]{1,40})\/(events|messages|log|commands|presence|typing)$/

/** What the API routes need besides the request. */
export interface ApiContext {
  chat: ChatService
  sessions: SessionSigner
  limits: WriteLimits
  now: () => number
}

/** A refusal the routes answer with a status and JSON error (plus headers, e.g. Retry-After). */
class Refusal extends BadRequest {
  readonly code: string
  readonly headers: Record<string, string>
  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message, status)
    this.code = code
    this.headers = headers
  }
}

const intParam = (url: URL, name: string): number | undefined => {
  const raw = url.searchParams.get(name)
  if (raw === null) return undefined
  const value = Number(raw)
  if (!Number.isSafeInteger(value) || value < 0) throw new BadRequest(`${name} must be a non-negative integer`)
  return value
}

const parseBeacon = (body: unknown): PresenceBeacon => {
  const beacon = body as Partial<PresenceBeacon> | null
  if (typeof beacon?.tab !== 'string' || (beacon.status !== 'away' && beacon.status !== 'gone')) {
    throw new BadRequest('expected { tab, status: "away" | "gone" }')
  }
  return { tab: beacon.tab.slice(0, 64), status: beacon.status }
}

/** The client's address: every write is also limited per IP (no proxy header is trusted). */
export const clientIp = (req: IncomingMessage): string => req.socket.remoteAddress ?? 'unknown'

/**
 * Writes come only from this server's own pages: the browser's `Origin` must name this host
 * (a cross-site form or `fetch` cannot hide it), and the body must be declared JSON (which
 * no cross-site form or beacon can send without a preflight this server never grants).
 */
const checkWrite = (req: IncomingMessage): void => {
  const origin = req.headers.origin
  let host: string | undefined
  try {
    host = origin ? new URL(origin).host : undefined
  } catch {
    host = undefined
  }
  if (!host || host !== req.headers.host) {
    throw new Refusal(403, 'forbidden_origin', 'writes must come from this site (Origin header)')
  }
  if (!isJsonRequest(req)) throw new Refusal(415, 'unsupported_media_type', 'writes must be application/json')
}

/**
 * The chat's own API: the session, payloads (events, pages, presence, typing) and writes.
 * Every write acts as the signed-in user of the session cookie; nothing in a body says who
 * is writing. Reality is told of every change by the service's `onChange`.
 */
export const handleApi = async (ctx: ApiContext, req: IncomingMessage, res: ServerResponse, url: URL) => {
  const { chat } = ctx
  const method = req.method ?? 'GET'
  const ip = clientIp(req)
  const signedIn = (): Actor => {
    const user = ctx.sessions.read(req)
    if (!user) throw new Refusal(401, 'unauthenticated', 'sign in first (POST /api/session)')
    return user
  }
  const pay = (user: Actor, cost: number): void => {
    const waitMs = ctx.limits.write(ip, user.id, cost, ctx.now())
    if (waitMs > 0) throw rateLimited(waitMs)
  }
  const body = () => readJson(req, MAX_BODY_BYTES)
  try {
    if (method !== 'GET' && method !== 'HEAD') checkWrite(req)
    if (url.pathname === '/api/session') {
      if (method === 'GET') return sendJson(res, 200, { user: signedIn() })
      if (method !== 'POST') return notAllowed(res, method, ['GET', 'POST'])
      const waitMs = ctx.limits.signIn(ip, ctx.now())
      if (waitMs > 0) throw rateLimited(waitMs)
      const name = parseDisplayName(((await body()) as { name?: unknown } | null)?.name)
      if (!name) throw new BadRequest('expected { name }: 1 to 40 characters')
      const { user, cookie } = ctx.sessions.issue(name, ctx.sessions.read(req))
      res.setHeader('set-cookie', cookie)
      return sendJson(res, 200, { user })
    }
    if (url.pathname === '/api/rooms' && method === 'GET') return sendJson(res, 200, { rooms: chat.rooms() })
    if (url.pathname === '/api/presence' && method === 'POST') {
      const user = signedIn()
      pay(user, 1)
      await chat.beacon(user.id, parseBeacon(await body()))
      res.writeHead(204).end()
      return
    }
    const match = ROOM_ROUTE.exec(url.pathname)
    if (!match || !chat.hasRoom(match[1])) return sendError(res, 404, 'not_found', `no route ${url.pathname}`)
    const [, room, what] = match
    const allowed = what === 'typing' ? ['GET', 'POST'] : what === 'commands' ? ['POST'] : ['GET']
    if (!allowed.includes(method)) return notAllowed(res, method, allowed)
    switch (what) {
      case 'events':
        return sendJson(res, 200, chat.events(room, intParam(url, 'after')))
      case 'messages':
        return sendJson(
          res,
          200,
          chat.older(room, intParam(url, 'before') ?? Number.MAX_SAFE_INTEGER, intParam(url, 'limit') ?? 50),
        )
      case 'log':
        return sendJson(
          res,
          200,
          await chat.auditLog(room, intParam(url, 'before') ?? Number.MAX_SAFE_INTEGER, intParam(url, 'limit') ?? 100),
        )
      case 'presence':
        return sendJson(res, 200, chat.presence(room))
      case 'typing':
        if (method === 'GET') return sendJson(res, 200, chat.typing(room))
        break
      case 'commands': {
        const user = signedIn()
        const commands = parseCommandsRequest(await body())
        if (typeof commands === 'string') throw new BadRequest(commands)
        pay(user, commands.length)
        return sendJson(res, 200, await chat.execute(room, user, commands))
      }
    }
    // POST typing
    const user = signedIn()
    const typing = ((await body()) as { typing?: unknown } | null)?.typing
    if (typeof typing !== 'boolean') throw new BadRequest('expected { typing: boolean }')
    pay(user, 1)
    await chat.setTyping(room, user, typing)
    res.writeHead(204).end()
  } catch (error) {
    if (!(error instanceof BadRequest)) throw error
    // A 413 leaves an unread body behind: close the connection once the answer is out.
    if (error.status === 413) res.setHeader('connection', 'close')
    if (error instanceof Refusal) for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value)
    return sendError(res, error.status, error instanceof Refusal ? error.code : 'invalid_request', error.message)
  }
}

const rateLimited = (waitMs: number): Refusal =>
  new Refusal(429, 'rate_limited', 'too many requests: slow down', {
    'retry-after': String(Math.ceil(waitMs / 1000)),
  })

const notAllowed = (res: ServerResponse, method: string, allowed: string[]): void => {
  res.setHeader('allow', allowed.join(', '))
  sendError(res, 405, 'method_not_allowed', `${method} is not allowed here`)
}
