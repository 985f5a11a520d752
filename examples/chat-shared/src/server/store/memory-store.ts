import type { Message, RoomEvent } from '../../domain'
import type { ChatStore, StoredRoom } from './types'

interface RoomRecord {
  events: RoomEvent[]
  snapshot: { seq: number; messages: Message[] } | null
}

/**
 * The default store: everything in this process. Messages are immutable objects, so a
 * checkpoint is a copy of the array, never of the messages; only the latest is kept.
 *
 * @example
 * const service = await ChatService.create({ store: new MemoryChatStore() })
 */
export class MemoryChatStore implements ChatStore {
  readonly kind = 'memory'
  readonly #rooms = new Map<string, RoomRecord>()

  #room(room: string): RoomRecord {
    let record = this.#rooms.get(room)
    if (!record) {
      record = { events: [], snapshot: null }
      this.#rooms.set(room, record)
    }
    return record
  }

  async load(room: string): Promise<StoredRoom> {
    const record = this.#room(room)
    const from = record.snapshot?.seq ?? 0
    return { snapshot: record.snapshot, events: record.events.slice(from) }
  }

  async append(room: string, events: readonly RoomEvent[]): Promise<void> {
    const log = this.#room(room).events
    for (const event of events) {
      if (event.seq !== log.length + 1)
        throw new Error(`room ${room}: expected seq ${log.length + 1}, got ${event.seq}`)
      log.push(event)
    }
  }

  async saveSnapshot(room: string, seq: number, messages: readonly Message[]): Promise<void> {
    this.#room(room).snapshot = { seq, messages: messages.slice() }
  }

  async readLog(room: string, before: number, limit: number): Promise<RoomEvent[]> {
    const log = this.#room(room).events
    const end = Math.min(Math.max(before - 1, 0), log.length)
    return log.slice(Math.max(0, end - limit), end)
  }

  async close(): Promise<void> {}
}
