import type { Notice, OutboxItem } from '../client'
import type { Actor, Member, TimelineMessage } from '../domain'

export type SyncStatus = 'synced' | 'syncing' | 'offline'

export interface RoomListEntry {
  id: string
  name: string
  topic: string
  /** Messages logged since this tab last looked at the room (0 for the open room). */
  unread: number
}

/** How the open room was last loaded: the proof that a join never replays the whole log. */
export interface LoadInfo {
  kind: 'join' | 'tail'
  /** Seq of the snapshot a join started from. */
  snapshotSeq: number | null
  /** Events fetched after it (join) or since the last load (tail). */
  events: number
  /** Size of the response body. */
  bytes: number
}

export interface ChatActions {
  selectRoom(room: string): void
  send(text: string): void
  edit(id: string, text: string): void
  remove(id: string): void
  toggleReaction(id: string, emoji: string): void
  /** Called on each edit of the composer with whether it holds text. */
  typing(hasText: boolean): void
  retry(key: string): void
  discard(key: string): void
  loadOlder(): void
  dismissNotice(id: number): void
}

/** Everything the chat UI shows; both transports produce one. */
export interface ChatModel {
  /** `account`: how this user is known (shown under their name). */
  transport: { name: string; detail: string; unit: string; account: string }
  me: Actor
  status: SyncStatus
  /** Requests (or socket frames) this tab sent. */
  requests: number
  rooms: RoomListEntry[]
  room: { id: string; name: string; topic: string }
  timeline: TimelineMessage[]
  hasOlder: boolean
  loading: boolean
  /** Messages the server refused: shown with the reason, to retry, edit or discard. */
  failed: OutboxItem[]
  /** Writes not yet accepted by the server (offline, in flight). */
  unsent: number
  members: Member[]
  /** Names of the others typing in the open room. */
  typing: string[]
  notices: readonly Notice[]
  lastLoad: LoadInfo | null
  /** Seq of the last event this tab folded in. */
  head: number
  actions: ChatActions
}
