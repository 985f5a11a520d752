import { type Actor, type Command, type CommandResult, MAX_MESSAGE_LENGTH } from '../domain'
import type { RoomLog } from './room-log'

export interface ModerationOptions {
  /** Words a message may not contain (case-insensitive whole words). */
  blockedWords: readonly string[]
  /** Token bucket per user and room for new messages: `burst` at once, then `perSecond`. */
  rateLimit: { burst: number; perSecond: number }
}

type Refusal = Extract<CommandResult, { ok: false }>

/**
 * The room's rules. A refusal is an answer, not an error: the client rolls its optimistic
 * display back and shows `message`.
 */
export class Moderation {
  readonly #options: ModerationOptions
  readonly #blocked: RegExp | undefined
  readonly #buckets = new Map<string, { tokens: number; at: number }>()

  constructor(options: ModerationOptions) {
    this.#options = options
    const words = options.blockedWords.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).filter(Boolean)
    this.#blocked = words.length ? new RegExp(`\\b(${words.join('|')})\\b`, 'i') : undefined
  }

  /** Why `actor` may not run `command` in `log` right now, or undefined when it may. */
  check(log: RoomLog, actor: Actor, command: Command, now: number): Refusal | undefined {
    if (command.type === 'message.sent' || command.type === 'message.edited') {
      const text = command.text.trim()
      if (text.length === 0) return { ok: false, error: 'empty', message: 'A message cannot be empty.' }
      if (text.length > MAX_MESSAGE_LENGTH) {
        return { ok: false, error: 'too_long', message: `Messages are limited to ${MAX_MESSAGE_LENGTH} characters.` }
      }
      const word = this.#blocked?.exec(text)?.[1]
      if (word)
        return { ok: false, error: 'blocked', message: `Refused by the room's rules: "${word}" is not allowed.` }
    }
    if (command.type === 'message.sent') {
      if (log.message(command.id)) return undefined // a re-send of a logged message: idempotent, not rate limited
      return this.#take(`${log.room}\u0000${actor.id}`, now)
    }
    const target = log.message(command.id)
    if (!target) return { ok: false, error: 'unknown_message', message: 'That message does not exist.' }
    if ((command.type === 'message.edited' || command.type === 'message.deleted') && target.author.id !== actor.id) {
      return { ok: false, error: 'not_author', message: 'Only the author can edit or delete a message.' }
    }
    return undefined
  }

  #take(key: string, now: number): Refusal | undefined {
    const { burst, perSecond } = this.#options.rateLimit
    const bucket = this.#buckets.get(key) ?? { tokens: burst, at: now }
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond)
    bucket.at = now
    this.#buckets.set(key, bucket)
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      return undefined
    }
    const retryAfterMs = Math.ceil(((1 - bucket.tokens) / perSecond) * 1000)
    return { ok: false, error: 'rate_limited', message: 'You are sending messages too fast.', retryAfterMs }
  }
}
