import type { Message, RoomEvent } from '../../domain'

/** What a store hands back when a room is opened: its latest checkpoint and the events after it. */
export interface StoredRoom {
  snapshot: { seq: number; messages: Message[] } | null
  events: RoomEvent[]
}

/**
 * Where rooms persist: an append-only event log per room plus periodic checkpoints of the full
 * state. The log is the audit trail and is never rewritten; checkpoints only make opening a room
 * after a restart cheap.
 */
export interface ChatStore {
  readonly kind: 'memory' | 'postgres'
  /** The latest checkpoint of `room` and every event after it (what rebuilding the room needs). */
  load(room: string): Promise<StoredRoom>
  /** Appends events (consecutive seqs, in order). A seq that already exists is an error. */
  append(room: string, events: readonly RoomEvent[]): Promise<void>
  saveSnapshot(room: string, seq: number, messages: readonly Message[]): Promise<void>
  /** Up to `limit` events with seq < `before`, oldest first: a page of the audit trail. */
  readLog(room: string, before: number, limit: number): Promise<RoomEvent[]>
  close(): Promise<void>
}
