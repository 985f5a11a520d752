import type { IncomingMessage, ServerResponse } from 'node:http'
import type { PresenceBeacon } from '@reality-examples/chat-shared/domain'
import {
  BadRequest,
  type ChatService,
  parseActor,
  parseCommandsRequest,
  readJson,
  sendError,
  sendJson,
} from '@reality-examples/chat-shared/server'

const ROOM_ROUTE = /^\/api\/rooms\/([a-z0-9-]{1,40})\/(events|messages|log|commands|presence|typing)$/

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
  return { tab: beacon.tab, status: beacon.status }
}

/**
 * The chat's own API: payloads (events, pages, presence, typing) and writes. Reality is told
 * of every change by the service's `onChange`; these routes never talk to it directly.
 */
export const handleApi = async (
  chat: ChatService,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> => {
  try {
    const method = req.method ?? 'GET'
    if (url.pathname === '/api/rooms' && method === 'GET') return sendJson(res, 200, { rooms: chat.rooms() })
    if (url.pathname === '/api/presence' && method === 'POST') {
      await chat.beacon(parseBeacon(await readJson(req)))
      res.writeHead(204).end()
      return
    }
    const match = ROOM_ROUTE.exec(url.pathname)
    if (!match || !chat.hasRoom(match[1])) return sendError(res, 404, 'not_found', `no route ${url.pathname}`)
    const [, room, what] = match
    const allowed = what === 'typing' ? ['GET', 'POST'] : what === 'commands' ? ['POST'] : ['GET']
    if (!allowed.includes(method)) {
      res.setHeader('allow', allowed.join(', '))
      return sendError(res, 405, 'method_not_allowed', `${method} is not allowed here`)
    }
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
        const request = parseCommandsRequest(await readJson(req))
        if (typeof request === 'string') throw new BadRequest(request)
        return sendJson(res, 200, await chat.execute(room, request.actor, request.commands))
      }
    }
    // POST typing
    const body = (await readJson(req)) as { actor?: unknown; typing?: unknown } | null
    const actor = parseActor(body?.actor)
    if (typeof actor === 'string' || typeof body?.typing !== 'boolean')
      throw new BadRequest('expected { actor, typing }')
    await chat.setTyping(room, actor, body.typing)
    res.writeHead(204).end()
  } catch (error) {
    if (error instanceof BadRequest) return sendError(res, error.status, 'invalid_request', error.message)
    throw error
  }
}
