import type { Actor, Command, RoomEvent } from './events'
import type { Message } from './message'
import type { RoomSnapshot } from './room-view'

/*
 * The chat's own HTTP API (the payloads Reality never sees). Reality only says *when* a room
 * changed; these say *what* changed.
 */

export interface RoomInfo {
  id: string
  name: string
  topic: string
  /** Head of the room's log. */
  seq: number
}

export interface RoomsResponse {
  rooms: RoomInfo[]
}

/**
 * `GET /api/rooms/:room/events[?after=seq]`. Without `after` (a join), or when the client is
 * more than one snapshot interval behind, it carries the latest snapshot (cut to the latest
 * messages) plus the events after it; otherwise only the events after `after`.
 */
export interface EventsResponse {
  room: string
  head: number
  snapshot?: RoomSnapshot
  events: RoomEvent[]
}

/** `GET /api/rooms/:room/messages?before=seq&limit=n`: an older page, in current state. */
export interface OlderResponse {
  messages: Message[]
  hasOlder: boolean
}

/** `GET /api/rooms/:room/log?before=seq&limit=n`: the raw audit trail, newest last. */
export interface LogResponse {
  events: RoomEvent[]
  hasOlder: boolean
}

/**
 * `POST /api/rooms/:room/commands`: applied in order, each accepted or refused on its own. The
 * actor is the signed-in user of the session cookie, never a field of the body.
 */
export interface CommandsRequest {
  commands: Command[]
}

export type RefusalCode =
  | 'blocked'
  | 'rate_limited'
  | 'too_long'
  | 'empty'
  | 'not_author'
  | 'unknown_message'
  | 'too_many_reactions'
  | 'invalid'

export type CommandResult =
  | { ok: true; seq: number }
  | { ok: false; error: RefusalCode; message: string; retryAfterMs?: number }

export interface CommandsResponse {
  results: CommandResult[]
  head: number
}

export interface Member {
  id: string
  name: string
  /** `away` while every tab of that user in the room is hidden. */
  status: 'active' | 'away'
}

export interface PresenceResponse {
  members: Member[]
}

export interface TypingEntry {
  id: string
  name: string
  /** Relative, so a client with a skewed clock still expires it on time. */
  expiresInMs: number
}

export interface TypingResponse {
  typing: TypingEntry[]
}

/** `POST /api/rooms/:room/typing` (as the session's user). */
export interface TypingRequest {
  typing: boolean
}

/** `GET`/`POST /api/session`: who this browser is signed in as. */
export interface SessionResponse {
  user: Actor
}

/**
 * `POST /api/session`: sign in with a display name. The server picks the user id; signing in
 * again from a signed-in browser renames that user instead.
 */
export interface SignInRequest {
  name: string
}

/**
 * Sent with every sync request the Reality client already makes: the presence heartbeat rides
 * on it, so presence needs no request and no connection of its own.
 */
export const PRESENCE_HEADER = 'x-chat-presence'

export interface PresenceHeartbeat {
  tab: string
  actor: Actor
  room: string
}

/** `POST /api/presence` (a keepalive fetch) on `pagehide` (gone) and on hide (away), for a tab of the session's user. */
export interface PresenceBeacon {
  tab: string
  status: 'away' | 'gone'
}
