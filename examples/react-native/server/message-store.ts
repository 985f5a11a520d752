import { createHash } from '@rootlodge/reality'
import type { Message, MessageDraft } from '../src/messages'

/**
 * The rooms' messages, in memory (a real deployment keeps them in its database). Ids are sequential so a room's
 * hash, built from its ids, changes exactly when a message is added.
 */
export class MessageStore {
  readonly #rooms = new Map<string, Message[]>()
  #nextId = 1

  list(room: string): Message[] {
    return this.#rooms.get(room) ?? []
  }

  add(room: string, draft: MessageDraft): Message {
    const message: Message = { id: String(this.#nextId++), author: draft.author, text: draft.text, sentAt: Date.now() }
    this.#rooms.set(room, [...this.list(room), message])
    return message
  }

  /** Content hash of a room, reported to Reality: equal content, equal hash. */
  hash(room: string): string {
    return createHash(
      this.list(room)
        .map((m) => m.id)
        .join(','),
    )
  }
}
