import type { Actor, RoomEvent } from './events'
import { compareHlc, type Hlc } from './hlc'
import { addReaction, NO_REACTIONS, Reactions, removeReaction, reviveReactions } from './reactions'

/** A message as every replica sees it after folding the log. Objects are never mutated. */
export interface Message {
  id: string
  /** Seq of the event that created it: the timeline order. */
  seq: number
  author: Actor
  sentAt: number
  text: string
  edited: boolean
  deleted: boolean
  /** Stamp of the last write that won (creation, edit or delete): the LWW register's clock. */
  hlc: Hlc
  reactions: Reactions
}

/** The message a `message.sent` event creates. */
export const createMessage = (event: Extract<RoomEvent, { type: 'message.sent' }>): Message => ({
  id: event.id,
  seq: event.seq,
  author: event.actor,
  sentAt: event.at,
  text: event.text,
  edited: false,
  deleted: false,
  hlc: event.hlc,
  reactions: NO_REACTIONS,
})

/** A message as received in JSON (a snapshot, a page, a checkpoint): its reactions back in `Map`/`Set`. */
export const reviveMessage = (message: Message): Message =>
  message.reactions instanceof Reactions ? message : { ...message, reactions: reviveReactions(message.reactions) }

/**
 * Applies an event that targets an existing message; returns the same object when nothing
 * changes. Text and deletion form one last-writer-wins register ordered by HLC, so the order
 * in which concurrent edits and deletes arrive does not matter.
 */
export const applyToMessage = (message: Message, event: RoomEvent): Message => {
  switch (event.type) {
    case 'message.edited':
      if (compareHlc(event.hlc, message.hlc) <= 0) return message
      return { ...message, text: event.text, edited: true, deleted: false, hlc: event.hlc }
    case 'message.deleted':
      if (compareHlc(event.hlc, message.hlc) <= 0) return message
      return { ...message, text: '', deleted: true, hlc: event.hlc }
    case 'reaction.added': {
      const reactions = addReaction(message.reactions, event.emoji, event.tag, event.actor.id)
      return reactions === message.reactions ? message : { ...message, reactions }
    }
    case 'reaction.removed': {
      const reactions = removeReaction(message.reactions, event.emoji, event.tags)
      return reactions === message.reactions ? message : { ...message, reactions }
    }
    default:
      return message
  }
}
