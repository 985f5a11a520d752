import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import type { Actor } from '@reality-examples/chat-shared/domain'
import {
  type ChatChange,
  ChatService,
  type ChatServiceOptions,
  MemoryChatStore,
  parseActor,
  parseCommandsRequest,
  sendError,
  serveStatic,
} from '@reality-examples/chat-shared/server'
import { type WebSocket, WebSocketServer } from 'ws'
import { type ClientFrame, type ServerFrame, SOCKET_PATH } from '../src/protocol'

export interface WsChatServerOptions extends Partial<Omit<ChatServiceOptions, 'onChange'>> {
  port?: number
  host?: string
  staticDir?: string
}

export interface RunningWsChatServer {
  url: string
  chat: ChatService
  http: Server
  close(): Promise<void>
}

interface Client {
  socket: WebSocket
  actor?: Actor
  tab?: string
  room?: string
  alive: boolean
}

/**
 * The same chat over WebSockets, as seed 004 builds it: every tab holds a socket, the server
 * tracks who is connected (presence = open connections) and pushes each event to every socket
 * of the room. Kept as the baseline that Reality's socketless chat is measured against.
 *
 * @example
 * const server = await startWsChatServer({ port: 0 })
 */
export const startWsChatServer = async (options: WsChatServerOptions = {}): Promise<RunningWsChatServer> => {
  const clients = new Set<Client>()
  const sent = new Map<string, number>() // last seq pushed per room
  const send = (client: Client, frame: ServerFrame): void => {
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(JSON.stringify(frame))
  }
  const toRoom = (room: string, frame: ServerFrame): void => {
    const text = JSON.stringify(frame)
    for (const client of clients) if (client.room === room && client.socket.readyState === 1) client.socket.send(text)
  }

  let chat: ChatService | undefined
  const push = (change: ChatChange): void => {
    // Changes made while the service opens (the welcome messages) have no socket to go to.
    if (!chat) return
    if (change.what === 'log') {
      const tail = chat.events(change.room, sent.get(change.room) ?? 0)
      sent.set(change.room, tail.head)
      toRoom(change.room, { type: 'events', ...tail })
      const head: ServerFrame = { type: 'head', room: change.room, seq: tail.head }
      for (const client of clients) if (client.room !== change.room) send(client, head)
    } else if (change.what === 'presence') {
      toRoom(change.room, { type: 'presence', room: change.room, ...chat.presence(change.room) })
    } else {
      toRoom(change.room, { type: 'typing', room: change.room, ...chat.typing(change.room) })
    }
  }
  const service = await ChatService.create({
    ...options,
    store: options.store ?? new MemoryChatStore(),
    // Presence is the open connection itself: no heartbeat TTL, a closed socket is a leave.
    presence: { activeTtlMs: Number.MAX_SAFE_INTEGER, ...options.presence },
    onChange: (changes) => changes.forEach(push),
  })
  chat = service
  for (const room of service.rooms()) sent.set(room.id, room.seq)

  const handle = async (client: Client, frame: ClientFrame): Promise<void> => {
    switch (frame.type) {
      case 'hello': {
        const actor = parseActor(frame.actor)
        if (typeof actor === 'string' || typeof frame.tab !== 'string') return
        client.actor = actor
        client.tab = frame.tab.slice(0, 64)
        send(client, { type: 'rooms', rooms: service.rooms() })
        return
      }
      case 'join': {
        if (!client.actor || !client.tab || !service.hasRoom(frame.room)) return
        client.room = frame.room
        send(client, { type: 'events', ...service.events(frame.room, frame.after) })
        await service.heartbeat({ tab: client.tab, actor: client.actor, room: frame.room })
        send(client, { type: 'presence', room: frame.room, ...service.presence(frame.room) })
        send(client, { type: 'typing', room: frame.room, ...service.typing(frame.room) })
        return
      }
      case 'commands': {
        const commands = parseCommandsRequest({ commands: frame.commands })
        if (!client.actor || typeof commands === 'string' || !service.hasRoom(frame.room)) return
        const { results } = await service.execute(frame.room, client.actor, commands)
        send(client, { type: 'results', ref: frame.ref, results })
        return
      }
      case 'older':
        if (service.hasRoom(frame.room) && Number.isSafeInteger(frame.before)) {
          send(client, { type: 'older', room: frame.room, ...service.older(frame.room, frame.before, 50) })
        }
        return
      case 'typing':
        if (client.actor && typeof frame.typing === 'boolean')
          await service.setTyping(frame.room, client.actor, frame.typing)
    }
  }

  const staticDir = options.staticDir ?? fileURLToPath(new URL('../dist', import.meta.url))
  const http = createServer(async (req, res) => {
    if (!(await serveStatic(staticDir, req, res))) sendError(res, 404, 'not_found', 'client not built')
  })
  const wss = new WebSocketServer({ server: http, path: SOCKET_PATH })
  wss.on('connection', (socket) => {
    const client: Client = { socket, alive: true }
    clients.add(client)
    socket.on('pong', () => {
      client.alive = true
    })
    socket.on('message', (data) => {
      let frame: ClientFrame
      try {
        frame = JSON.parse(data.toString()) as ClientFrame
      } catch {
        return
      }
      handle(client, frame).catch((error) => console.error('websocket-chat:', error))
    })
    socket.on('close', () => {
      clients.delete(client)
      if (client.tab && client.actor) void service.beacon(client.actor.id, { tab: client.tab, status: 'gone' })
    })
  })
  // Dead connections (crashed tab, cut network) are found by ping/pong; typing expires on a timer.
  const pinger = setInterval(() => {
    for (const client of clients) {
      if (!client.alive) client.socket.terminate()
      client.alive = false
      client.socket.ping()
    }
  }, 5000)
  const sweeper = setInterval(() => void service.sweep(), 500)

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(options.port ?? 3001, options.host ?? '127.0.0.1', resolve)
  })
  const { port } = http.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    chat: service,
    http,
    close: async () => {
      clearInterval(pinger)
      clearInterval(sweeper)
      for (const client of clients) client.socket.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      http.closeAllConnections()
      await new Promise<void>((resolve) => http.close(() => resolve()))
      await service.close()
    },
  }
}
