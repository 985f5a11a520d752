import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createNodeHandler, createRealityServer, type RealityServer } from '@rootlodge/reality-server'
import { MAX_TEXT_LENGTH, type Message, type MessageDraft, roomKey } from '../src/messages'
import { MessageStore } from './message-store'

/*
 * The app's backend in one node:http listener: the Reality server under /reality (sync, health) and a tiny message
 * API under /api/rooms/:room/messages. Posting a message stores it, then reports the room's new hash to Reality;
 * every app syncing that room sees the new version and refetches the list.
 */

/** The Reality server, the messages, and the listener serving both. */
export interface ChatBackend {
  reality: RealityServer
  messages: MessageStore
  /** Stores a message and tells Reality the room changed (what `POST …/messages` does). */
  post(room: string, draft: MessageDraft): Promise<Message>
  /** Serves `/reality/*` and `/api/rooms/:room/messages`. */
  listener: RequestListener
}

const ROOM_PATH = /^\/api\/rooms\/([^/]+)\/messages$/
const MAX_BODY_BYTES = 16 * 1024

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(text)
}

const readJson = (req: IncomingMessage): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) reject(new HttpError(413, 'body_too_large', `at most ${MAX_BODY_BYTES} bytes`))
      else chunks.push(chunk)
    })
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      } catch {
        reject(new HttpError(400, 'invalid_json', 'the body is not JSON'))
      }
    })
    req.on('error', reject)
  })

const parseDraft = (body: unknown): MessageDraft => {
  const { author, text } = (body ?? {}) as Partial<Record<keyof MessageDraft, unknown>>
  const valid =
    typeof author === 'string' &&
    author.trim().length > 0 &&
    author.length <= 64 &&
    typeof text === 'string' &&
    text.trim().length > 0 &&
    text.length <= MAX_TEXT_LENGTH
  if (!valid) throw new HttpError(400, 'invalid_message', `author (1-64) and text (1-${MAX_TEXT_LENGTH}) are required`)
  return { author: author.trim(), text: text.trim() }
}

const roomOf = (url: string | undefined): string => {
  const match = ROOM_PATH.exec((url ?? '/').split('?')[0])
  if (!match) throw new HttpError(404, 'not_found', 'no such route')
  try {
    return decodeURIComponent(match[1])
  } catch {
    throw new HttpError(400, 'invalid_room', 'the room name is not valid percent-encoding')
  }
}

/**
 * Creates the chat backend around a Reality server (by default an in-memory one).
 *
 * @example
 * const backend = createChatBackend()
 * http.createServer(backend.listener).listen(3456)
 */
export const createChatBackend = (reality: RealityServer = createRealityServer()): ChatBackend => {
  const messages = new MessageStore()
  const sync = createNodeHandler(reality)

  const post = async (room: string, draft: MessageDraft): Promise<Message> => {
    const message = messages.add(room, draft)
    await reality.updateNode(roomKey(room), messages.hash(room))
    return message
  }

  const api = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const room = roomOf(req.url)
    if (req.method === 'GET') return sendJson(res, 200, messages.list(room))
    if (req.method !== 'POST') {
      res.setHeader('allow', 'GET, POST')
      throw new HttpError(405, 'method_not_allowed', 'use GET or POST')
    }
    sendJson(res, 201, await post(room, parseDraft(await readJson(req))))
  }

  const listener: RequestListener = (req, res) => {
    // The Reality handler answers its own routes and hands every other path to `next`.
    void sync(req, res, () =>
      api(req, res).catch((error: unknown) => {
        const failure = error instanceof HttpError ? error : new HttpError(500, 'internal', 'unexpected failure')
        if (!(error instanceof HttpError)) console.error(error)
        if (!res.headersSent) sendJson(res, failure.status, { error: failure.code, message: failure.message })
      }),
    )
  }

  return { reality, messages, post, listener }
}

/** A listening server: its base URL and how to stop it. */
export interface RunningServer {
  url: string
  close(): Promise<void>
}

/**
 * Serves `listener` on `host:port` (port 0 picks a free one).
 *
 * @example
 * const { url, close } = await listen(createChatBackend().listener, { port: 0 })
 */
export const listen = (
  listener: RequestListener,
  { port = 0, host = '127.0.0.1' }: { port?: number; host?: string } = {},
): Promise<RunningServer> =>
  new Promise((resolve, reject) => {
    const server = createServer(listener)
    server.once('error', reject)
    server.listen(port, host, () => {
      const { port: bound } = server.address() as AddressInfo
      const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host
      resolve({
        url: `http://${shown}:${bound}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done())
            // Keep-alive sockets of the app's fetch would hold `close` open until they time out.
            server.closeAllConnections()
          }),
      })
    })
  })
