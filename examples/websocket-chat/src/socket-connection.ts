import { type Identity, NetworkError, Store } from '@reality-examples/chat-shared/client'
import {
  applyEvents,
  type Command,
  type CommandResult,
  type Member,
  prependOlder,
  type RoomInfo,
  type RoomView,
  type TypingEntry,
  viewFromSnapshot,
} from '@reality-examples/chat-shared/domain'
import type { LoadInfo } from '@reality-examples/chat-shared/ui'
import { type ClientFrame, type ServerFrame, SOCKET_PATH } from './protocol'

export interface SocketState {
  connected: boolean
  /** Frames this tab sent (the socket's equivalent of the Reality chat's request count). */
  frames: number
  rooms: RoomInfo[]
  heads: Readonly<Record<string, number>>
  room: string
  view: RoomView | null
  lastLoad: LoadInfo | null
  members: Member[]
  typing: TypingEntry[]
  typingReceivedAt: number
}

/**
 * One tab's WebSocket, reconnecting with backoff, holding everything the server pushed. It
 * stays open while the tab is hidden: that is what the baseline costs.
 */
export class SocketConnection extends Store<SocketState> {
  readonly #identity: Identity
  #socket: WebSocket | undefined
  #ref = 0
  readonly #waiting = new Map<number, { resolve: (results: CommandResult[]) => void; reject: (error: Error) => void }>()
  #retryMs = 500

  constructor(identity: Identity, room: string) {
    super({
      connected: false,
      frames: 0,
      rooms: [],
      heads: {},
      room,
      view: null,
      lastLoad: null,
      members: [],
      typing: [],
      typingReceivedAt: 0,
    })
    this.#identity = identity
    this.#connect()
  }

  #connect(): void {
    const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${SOCKET_PATH}`)
    this.#socket = socket
    socket.onopen = () => {
      this.#retryMs = 500
      this.#patch({ connected: true })
      this.#send({ type: 'hello', actor: this.#identity.actor, tab: this.#identity.tab })
      this.#send({ type: 'join', room: this.getSnapshot().room, after: this.getSnapshot().view?.seq })
    }
    socket.onmessage = (message) =>
      this.#receive(JSON.parse(String(message.data)) as ServerFrame, String(message.data).length)
    socket.onclose = () => {
      this.#patch({ connected: false })
      for (const waiter of this.#waiting.values()) waiter.reject(new NetworkError('socket closed'))
      this.#waiting.clear()
      setTimeout(() => this.#connect(), this.#retryMs)
      this.#retryMs = Math.min(this.#retryMs * 2, 10_000)
    }
  }

  #send(frame: ClientFrame): boolean {
    if (this.#socket?.readyState !== WebSocket.OPEN) return false
    this.#socket.send(JSON.stringify(frame))
    this.#patch({ frames: this.getSnapshot().frames + 1 })
    return true
  }

  #receive(frame: ServerFrame, bytes: number): void {
    const state = this.getSnapshot()
    if (frame.type === 'rooms') {
      this.#patch({ rooms: frame.rooms, heads: Object.fromEntries(frame.rooms.map((room) => [room.id, room.seq])) })
    } else if (frame.type === 'events' && frame.room === state.room) {
      const base = frame.snapshot ? viewFromSnapshot(frame.room, frame.snapshot) : state.view
      if (!base) return
      const lastLoad: LoadInfo = {
        kind: frame.snapshot ? 'join' : 'tail',
        snapshotSeq: frame.snapshot?.seq ?? null,
        events: frame.events.length,
        bytes,
      }
      this.#patch({
        view: applyEvents(base, frame.events),
        lastLoad,
        heads: { ...state.heads, [frame.room]: frame.head },
      })
    } else if (frame.type === 'head') {
      this.#patch({ heads: { ...state.heads, [frame.room]: frame.seq } })
    } else if (frame.type === 'presence' && frame.room === state.room) {
      this.#patch({ members: frame.members })
    } else if (frame.type === 'typing' && frame.room === state.room) {
      this.#patch({ typing: frame.typing, typingReceivedAt: Date.now() })
    } else if (frame.type === 'older' && frame.room === state.room && state.view) {
      this.#patch({ view: prependOlder(state.view, frame.messages, frame.hasOlder) })
    } else if (frame.type === 'results') {
      this.#waiting.get(frame.ref)?.resolve(frame.results)
      this.#waiting.delete(frame.ref)
    }
  }

  #patch(partial: Partial<SocketState>): void {
    this.setState({ ...this.getSnapshot(), ...partial })
  }

  join(room: string): void {
    if (room === this.getSnapshot().room) return
    this.#patch({ room, view: null, lastLoad: null, members: [], typing: [] })
    this.#send({ type: 'join', room })
  }

  deliver(room: string, commands: Command[]): Promise<CommandResult[]> {
    const ref = ++this.#ref
    return new Promise((resolve, reject) => {
      if (!this.#send({ type: 'commands', ref, room, commands })) {
        reject(new NetworkError('not connected'))
        return
      }
      this.#waiting.set(ref, { resolve, reject })
    })
  }

  /** Asks for the 50 messages before the oldest one held. */
  loadOlder(): void {
    const { room, view } = this.getSnapshot()
    if (view?.hasOlder) this.#send({ type: 'older', room, before: view.messages[0]?.seq ?? view.seq + 1 })
  }

  setTyping(room: string, typing: boolean): void {
    this.#send({ type: 'typing', room, typing })
  }
}
