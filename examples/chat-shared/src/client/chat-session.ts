import { type Command, type CommandResult, HlcClock, type Message, tagsOf } from '../domain'
import { type Identity, newId } from './identity'
import { NoticeBoard } from './notices'
import { Outbox, type OutboxItem } from './outbox'

export interface ChatSessionOptions {
  identity: Identity
  /** Sends one room's commands in one request (see `Outbox`). */
  deliver: (room: string, commands: Command[]) => Promise<CommandResult[]>
  onDelivered?: (room: string) => void
  storage?: Storage
  isOnline?: () => boolean
}

const describe = (item: OutboxItem): string => {
  switch (item.command.type) {
    case 'message.sent':
      return 'Message not sent'
    case 'message.edited':
      return 'Edit not saved'
    case 'message.deleted':
      return 'Not deleted'
    default:
      return 'Reaction not saved'
  }
}

/**
 * One tab's writing side, the same for both transports: turns user actions into commands
 * (fresh ids, HLC stamps, observed reaction tags), queues them in order, and reports refusals.
 *
 * @example
 * const session = new ChatSession({ identity, deliver: (room, commands) => api.commands(room, commands) })
 * session.send('general', 'Hello!')
 */
export class ChatSession {
  readonly identity: Identity
  readonly clock: HlcClock
  readonly outbox: Outbox
  readonly notices = new NoticeBoard()

  constructor(options: ChatSessionOptions) {
    this.identity = options.identity
    this.clock = new HlcClock(options.identity.tab)
    this.outbox = new Outbox({
      deliver: options.deliver,
      onDelivered: options.onDelivered,
      onRefused: (item) => {
        this.notices.push('error', `${describe(item)}: ${item.error}`)
        // Only a refused message stays (to retry or edit); other refused writes just roll back.
        if (item.command.type !== 'message.sent') this.outbox.discard(item.key)
      },
      persistKey: `reality-chat:outbox:${options.identity.tab}`,
      storage: options.storage,
      isOnline: options.isOnline,
    })
  }

  send(room: string, text: string): void {
    const trimmed = text.trim()
    if (!trimmed) return
    this.outbox.enqueue(room, { type: 'message.sent', id: `m-${newId()}`, text: trimmed, hlc: this.clock.tick() })
  }

  edit(room: string, message: Message, text: string): void {
    const trimmed = text.trim()
    if (!trimmed || trimmed === message.text) return
    // Past the stamp of the version being edited: an edit made after seeing another one wins.
    this.clock.receive(message.hlc)
    this.outbox.enqueue(room, { type: 'message.edited', id: message.id, text: trimmed, hlc: this.clock.tick() })
  }

  remove(room: string, message: Message): void {
    this.clock.receive(message.hlc)
    this.outbox.enqueue(room, { type: 'message.deleted', id: message.id, hlc: this.clock.tick() })
  }

  /** Adds my reaction, or removes the tags of mine I can see (an unseen concurrent add survives). */
  toggleReaction(room: string, message: Message, emoji: string): void {
    const mine = tagsOf(message.reactions, emoji, this.identity.actor.id)
    this.outbox.enqueue(
      room,
      mine.length
        ? { type: 'reaction.removed', id: message.id, emoji, tags: mine }
        : { type: 'reaction.added', id: message.id, emoji, tag: `r-${newId()}` },
    )
  }
}
