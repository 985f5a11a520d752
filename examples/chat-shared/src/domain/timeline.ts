import type { Actor, Command } from './events'
import { applyToMessage, createMessage, type Message } from './message'
import type { RoomView } from './room-view'

/** A message as displayed: the server's state with this tab's unconfirmed commands on top. */
export interface TimelineMessage extends Message {
  /** A command of this tab on this message is not confirmed yet. */
  pending: boolean
}

/**
 * Optimistic display: folds this tab's pending commands over the confirmed view, exactly as
 * the server will once it logs them. A refused command is simply left out, which is the
 * rollback: the display returns to the server's truth.
 */
export const buildTimeline = (view: RoomView | null, pending: readonly Command[], me: Actor): TimelineMessage[] => {
  const messages: TimelineMessage[] = (view?.messages ?? []).map((message) => ({ ...message, pending: false }))
  const index = new Map(messages.map((message, i) => [message.id, i]))
  const seq = view?.seq ?? 0
  for (const command of pending) {
    const event = { ...command, seq: seq + 1, at: Date.now(), actor: me }
    if (event.type === 'message.sent') {
      if (index.has(event.id)) continue
      index.set(event.id, messages.length)
      messages.push({ ...createMessage(event), pending: true })
      continue
    }
    const at = index.get(event.id)
    if (at === undefined) continue
    const next = applyToMessage(messages[at], event)
    if (next !== messages[at]) messages[at] = { ...next, pending: true }
  }
  return messages
}
