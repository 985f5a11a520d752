import { type Actor, type Command, type CommandResult, hasTag, MAX_MESSAGE_LENGTH, ownerOf } from '../domain'
import { LIMITER_MAX_KEYS, MAX_REACTION_TAGS } from './limits'
import { type RateLimit, RateLimiter } from './rate-limiter'
import type { RoomLog } from './room-log'

export interface ModerationOptions {
  /** Words a message may not contain (case-insensitive whole words). */
  blockedWords: readonly string[]
  /** Token bucket per user and room for new messages: `burst` at once, then `perSecond`. */
  rateLimit: RateLimit
}

type Refusal = Extract<CommandResult, { ok: false }>

/**
 * The room's rules. A refusal is an answer, not an error: the client rolls its optimistic
 * display back and shows `message`.
 */
export class Moderation {
  readonly #blocked: RegExp | undefined
  readonly #messages: RateLimiter

  constructor(options: ModerationOptions) {
    this.#messages = new RateLimiter(options.rateLimit, LIMITER_MAX_KEYS)
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
    switch (command.type) {
      case 'message.edited':
      case 'message.deleted':
        if (target.author.id !== actor.id) {
          return { ok: false, error: 'not_author', message: 'Only the author can edit or delete a message.' }
        }
        return undefined
      case 'reaction.added':
        if (target.reactions.tagCount >= MAX_REACTION_TAGS) {
          return { ok: false, error: 'too_many_reactions', message: 'This message cannot take more reactions.' }
        }
        return undefined
      case 'reaction.removed':
        for (const tag of command.tags) {
          // Tags come from the reactions the client saw, so an unknown tag is a forged one.
          if (!hasTag(target.reactions, command.emoji, tag)) {
            return { ok: false, error: 'invalid', message: 'There is no such reaction.' }
          }
          const owner = ownerOf(target.reactions, command.emoji, tag)
          if (owner !== undefined && owner !== actor.id) {
            return { ok: false, error: 'not_author', message: 'Only the person who reacted can remove a reaction.' }
          }
        }
        return undefined
    }
  }

  #take(key: string, now: number): Refusal | undefined {
    const retryAfterMs = this.#messages.take(key, now)
    if (retryAfterMs === 0) return undefined
    return { ok: false, error: 'rate_limited', message: 'You are sending messages too fast.', retryAfterMs }
  }
}
