import type { Hlc } from './hlc'

/** Who did something: a user id (stable per browser) and a display name. */
export interface Actor {
  id: string
  name: string
}

/**
 * What a client asks a room to do. Each command is also the body of the event it becomes, so
 * a pending command can be folded into the view exactly like the event the server will log.
 * Ids and tags are made by the client: re-sending a command (retry, offline flush) is idempotent.
 */
export type Command =
  | { type: 'message.sent'; id: string; text: string; hlc: Hlc }
  | { type: 'message.edited'; id: string; text: string; hlc: Hlc }
  | { type: 'message.deleted'; id: string; hlc: Hlc }
  | { type: 'reaction.added'; id: string; emoji: string; tag: string }
  | { type: 'reaction.removed'; id: string; emoji: string; tags: string[] }

/** One entry of a room's append-only log: a command the server accepted, numbered and stamped. */
export type RoomEvent = Command & {
  /** Position in the room's log: 1, 2, 3… with no gaps. */
  seq: number
  /** Server time of the append (ms). */
  at: number
  actor: Actor
}

export type CommandType = Command['type']

/** Limits the server enforces and the composer shows. */
export const MAX_MESSAGE_LENGTH = 2000
export const REACTION_EMOJI = ['👍', '❤️', '😂', '🎉', '😮', '🚀'] as const
