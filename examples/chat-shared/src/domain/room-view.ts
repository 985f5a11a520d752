import type { RoomEvent } from './events'
import { applyToMessage, createMessage, type Message, reviveMessage } from './message'

/**
 * A client's replica of a room: the messages it holds (the latest window, plus older pages it
 * loaded) and the seq of the last event folded in. Immutable: every change returns a new view
 * that shares untouched messages, so React re-renders only what changed.
 */
export interface RoomView {
  room: string
  /** Seq of the last event folded in (the head this replica has seen). */
  seq: number
  /** Ordered by creation seq. */
  messages: readonly Message[]
  /** Whether the server holds messages older than the first one here. */
  hasOlder: boolean
}

/** The snapshot part of a join: the room at `seq`, cut to its latest messages. */
export interface RoomSnapshot {
  seq: number
  messages: Message[]
  hasOlder: boolean
}

export const viewFromSnapshot = (room: string, snapshot: RoomSnapshot): RoomView => ({
  room,
  seq: snapshot.seq,
  messages: snapshot.messages.map(reviveMessage),
  hasOlder: snapshot.hasOlder,
})

/**
 * Folds events into a view. Events at or below `view.seq` are skipped (a tail fetched twice is
 * harmless). Events about messages outside the loaded window are dropped: that message is
 * fetched in its current state if the user ever scrolls to it.
 */
export const applyEvents = (view: RoomView, events: readonly RoomEvent[]): RoomView => {
  const fresh = events.filter((event) => event.seq > view.seq)
  if (fresh.length === 0) return view
  const messages = view.messages.slice()
  const index = new Map(messages.map((message, i) => [message.id, i]))
  for (const event of fresh) {
    if (event.type === 'message.sent') {
      if (!index.has(event.id)) {
        index.set(event.id, messages.length)
        messages.push(createMessage(event))
      }
      continue
    }
    const at = index.get(event.id)
    if (at !== undefined) messages[at] = applyToMessage(messages[at], event)
  }
  return { ...view, seq: fresh[fresh.length - 1].seq, messages }
}

/** Adds a page of older messages (already in their current state) in front of the view. */
export const prependOlder = (view: RoomView, older: readonly Message[], hasOlder: boolean): RoomView => {
  const known = new Set(view.messages.map((message) => message.id))
  const fresh = older.filter((message) => !known.has(message.id)).map(reviveMessage)
  return { ...view, messages: [...fresh, ...view.messages], hasOlder }
}
