import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { fileURLToPath } from 'node:url'
import {
  type Actor,
  PRESENCE_HEADER,
  type PresenceHeartbeat,
  presenceKey,
  roomKey,
  typingKey,
} from '@reality-examples/chat-shared/domain'
import {
  type ChatChange,
  ChatService,
  type ChatServiceOptions,
  type ChatStore,
  MemoryChatStore,
  StoreUnavailable,
  sendError,
  serveStatic,
} from '@reality-examples/chat-shared/server'
import { createNodeHandler, createRealityServer, type RealityServer } from '@rootlodge/reality-server'
import { createRealityHttpServer } from '@rootlodge/reality-server/node'
import { type ApiContext, clientIp, handleApi } from './api-routes'
import { STORE_RETRY_AFTER_S } from './limits'
import { SessionSigner } from './session'
import { DEFAULT_WRITE_LIMITS, type WriteLimitOptions, WriteLimits } from './write-limits'

export interface ChatServerOptions extends Partial<Omit<ChatServiceOptions, 'store' | 'onChange'>> {
  store?: ChatStore
  port?: number
  host?: string
  /** The built client (default: `../dist` next to this bundle). */
  staticDir?: string
  /** Signs the session cookies (default: random per process, so sessions end with it). */
  sessionSecret?: string
  /** Write rate limits per session and per IP (default: the constants of `limits.ts`). */
  writeLimits?: WriteLimitOptions
  /** Open connections allowed from one address (default 128, as `createRealityHttpServer`; 0: no cap). */
  maxConnectionsPerIp?: number
}

export interface RunningChatServer {
  url: string
  chat: ChatService
  reality: RealityServer
  http: Server
  /** The rate limiters (their sizes are bounded: see `LIMITER_MAX_KEYS`). */
  limits: WriteLimits
  /**
   * Drains and stops: requests in flight finish (new ones get 503 + Retry-After) for up to
   * `timeoutMs` (default 10,000), then the rest are cut and the chat store is closed.
   */
  close(options?: { timeoutMs?: number }): Promise<void>
}

const keyOf = (change: ChatChange): string =>
  change.what === 'log'
    ? roomKey(change.room)
    : change.what === 'presence'
      ? presenceKey(change.room)
      : typingKey(change.room)

/**
 * The heartbeat a sync request carries: `{ tab, room }` from the header, the user from the
 * session (an `actor` in the header is ignored). None without a session or a valid header.
 */
const heartbeatOf = (
  header: string | string[] | undefined,
  actor: Actor | undefined,
): PresenceHeartbeat | undefined => {
  if (typeof header !== 'string' || !actor) return undefined
  try {
    const value = JSON.parse(decodeURIComponent(header)) as { tab?: unknown; room?: unknown }
    if (typeof value.tab !== 'string' || value.tab === '' || typeof value.room !== 'string') return undefined
    return { tab: value.tab.slice(0, 64), actor, room: value.room }
  } catch {
    return undefined
  }
}

/**
 * The chat's server: one node:http listener for the Reality sync endpoint (`/reality/*`),
 * the chat API (`/api/*`) and the built client. Every change the chat makes bumps a Reality
 * key; clients learn of it on their next sync and fetch only what they have not seen.
 *
 * @example
 * const server = await startChatServer({ port: 0 })
 * console.log(server.url)
 */
export const startChatServer = async (options: ChatServerOptions = {}): Promise<RunningChatServer> => {
  const reality = createRealityServer({ serverId: 'react-chat' })
  const sync = createNodeHandler(reality, { prefix: '/reality' })
  const chat = await ChatService.create({
    ...options,
    store: options.store ?? new MemoryChatStore(),
    onChange: async (changes) => {
      for (const change of changes) await reality.updateNode(keyOf(change), change.hash)
    },
  })
  // Rooms that already have history (a restart on PostgreSQL) start with their head as hash.
  for (const room of chat.rooms()) await reality.updateNode(roomKey(room.id), String(room.seq))
  const staticDir = options.staticDir ?? fileURLToPath(new URL('../dist', import.meta.url))
  const limits = new WriteLimits(options.writeLimits ?? DEFAULT_WRITE_LIMITS)
  const now = options.now ?? Date.now
  const api: ApiContext = { chat, sessions: new SessionSigner(options.sessionSecret), limits, now }

  const listener = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      await chat.sweep()
      const url = new URL(req.url ?? '/', 'http://localhost')
      if (url.pathname.startsWith('/reality/')) {
        // The presence heartbeat rides on the sync request the client makes anyway. Refreshing
        // a known tab is free; a new tab is a write, paid for like one.
        const heartbeat = heartbeatOf(req.headers[PRESENCE_HEADER], api.sessions.read(req))
        if (
          heartbeat &&
          (chat.knowsTab(heartbeat.actor.id, heartbeat.tab) ||
            limits.write(clientIp(req), heartbeat.actor.id, 1, now()) === 0)
        ) {
          await chat.heartbeat(heartbeat)
        }
        await sync(req, res)
        return
      }
      if (url.pathname.startsWith('/api/')) {
        await handleApi(api, req, res, url)
        return
      }
      if (!(await serveStatic(staticDir, req, res))) {
        sendError(res, 404, 'not_found', 'client not built: run `npm run build -w @reality-examples/react-chat`')
      }
    } catch (error) {
      if (error instanceof StoreUnavailable && !res.headersSent) {
        console.error('react-chat:', error.message)
        res.setHeader('retry-after', String(STORE_RETRY_AFTER_S))
        return sendError(res, 503, 'store_unavailable', 'the database is unreachable; retry shortly')
      }
      console.error('react-chat:', error)
      if (!res.headersSent) sendError(res, 500, 'internal_error', 'the server failed; see its log')
      else res.destroy()
    }
  }
  // Timeouts, connection caps and a draining close() around the chat's own routes.
  const served = createRealityHttpServer(reality, {
    handler: listener,
    ...(options.maxConnectionsPerIp === undefined ? {} : { maxConnectionsPerIp: options.maxConnectionsPerIp }),
  })
  const { port } = await served.listen(options.port ?? 3000, options.host ?? '127.0.0.1')
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1'
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    chat,
    reality,
    http: served.http,
    limits,
    close: async (closeOptions) => {
      await served.close(closeOptions)
      await chat.close()
    },
  }
}
