import {
  type Actor,
  type Command,
  type CommandResult,
  type CommandsResponse,
  compareHlc,
  type EventsResponse,
  hasTag,
  type LogResponse,
  type OlderResponse,
  type PresenceBeacon,
  type PresenceHeartbeat,
  type PresenceResponse,
  type RoomInfo,
  type TypingResponse,
} from '../domain'
import { fnv1a } from './hash'
import { MAX_CLOCK_SKEW_MS, MAX_TABS_PER_USER, MESSAGE_RATE } from './limits'
import { Moderation, type ModerationOptions } from './moderation'
import { PresenceBook, type PresenceOptions } from './presence-book'
import { RoomLog } from './room-log'
import { DEFAULT_ROOMS, type RoomDefinition, WELCOME_ACTOR, welcomeCommands } from './rooms'
import type { ChatStore } from './store/types'
import { TypingBook } from './typing-book'

/** Something readers must refetch: a room's log, its member list or its typing list. */
export interface ChatChange {
  room: string
  what: 'log' | 'presence' | 'typing'
  /** Content hash of the new state (the log head for `log`). */
  hash: string
}

export interface ChatServiceOptions {
  store: ChatStore
  rooms?: readonly RoomDefinition[]
  /** Snapshot interval in events (default 50, as in seed 004's demo). */
  snapshotEvery?: number
  /** Full-state checkpoints in the store every this many events (default ~1000, a multiple of `snapshotEvery`). */
  checkpointEvery?: number
  /** Messages a join carries (default 50). */
  windowSize?: number
  moderation?: Partial<ModerationOptions>
  presence?: Partial<PresenceOptions>
  /** Typing entries expire this long after the last signal (default 4000 ms). */
  typingTtlMs?: number
  /** Post the welcome messages into an empty #general (default true). */
  welcome?: boolean
  /** Told of every change, awaited before the request that caused it is answered. */
  onChange?: (changes: ChatChange[]) => Promise<void> | void
  now?: () => number
}

export const DEFAULT_MODERATION: ModerationOptions = {
  blockedWords: ['forbidden'],
  rateLimit: MESSAGE_RATE,
}

/**
 * `command` with an HLC wall time at most `MAX_CLOCK_SKEW_MS` ahead of the server clock. Only
 * the future is clamped: a stamp from the past (an edit queued offline) can only lose to later
 * writes, which is what last-writer-wins means, while clamping it would merge distinct stamps.
 */
const clampStamp = (command: Command, now: number): Command => {
  if (!('hlc' in command) || command.hlc.wall <= now + MAX_CLOCK_SKEW_MS) return command
  return { ...command, hlc: { ...command.hlc, wall: now + MAX_CLOCK_SKEW_MS } }
}

/**
 * Everything a chat server does that is not transport: rooms, commands, presence, typing.
 * The Reality server and the WebSocket baseline both wrap one of these.
 *
 * @example
 * const chat = await ChatService.create({ store: new MemoryChatStore(), onChange: (changes) => bump(changes) })
 * await chat.execute('general', actor, [{ type: 'message.sent', id, text: 'hi', hlc }])
 */
export class ChatService {
  readonly store: ChatStore
  readonly #rooms = new Map<string, { definition: RoomDefinition; log: RoomLog }>()
  readonly #moderation: Moderation
  readonly #presence: PresenceBook
  readonly #typing: TypingBook
  readonly #onChange: (changes: ChatChange[]) => Promise<void> | void
  readonly #now: () => number
  #lastSweep = 0

  private constructor(options: ChatServiceOptions) {
    this.store = options.store
    this.#moderation = new Moderation({ ...DEFAULT_MODERATION, ...options.moderation })
    this.#presence = new PresenceBook({
      activeTtlMs: 6000,
      awayTtlMs: 10 * 60_000,
      maxTabsPerUser: MAX_TABS_PER_USER,
      ...options.presence,
    })
    this.#typing = new TypingBook(options.typingTtlMs ?? 4000)
    this.#onChange = options.onChange ?? (() => {})
    this.#now = options.now ?? Date.now
  }

  /** Opens every room from the store (snapshot + tail each). */
  static async create(options: ChatServiceOptions): Promise<ChatService> {
    const service = new ChatService(options)
    const logOptions = {
      store: options.store,
      snapshotEvery: options.snapshotEvery ?? 50,
      checkpointEvery: options.checkpointEvery,
      windowSize: options.windowSize ?? 50,
      now: service.#now,
    }
    for (const definition of options.rooms ?? DEFAULT_ROOMS) {
      service.#rooms.set(definition.id, { definition, log: await RoomLog.open(definition.id, logOptions) })
    }
    const general = service.#rooms.get('general')?.log
    if ((options.welcome ?? true) && general && general.seq === 0) {
      await service.execute('general', WELCOME_ACTOR, welcomeCommands(service.#now()))
    }
    return service
  }

  hasRoom(room: string): boolean {
    return this.#rooms.has(room)
  }

  #log(room: string): RoomLog {
    const entry = this.#rooms.get(room)
    if (!entry) throw new Error(`unknown room ${room}`)
    return entry.log
  }

  rooms(): RoomInfo[] {
    return [...this.#rooms.values()].map(({ definition, log }) => ({ ...definition, seq: log.seq }))
  }

  /** Head seq of a room's log (also its Reality hash). */
  head(room: string): number {
    return this.#log(room).seq
  }

  events(room: string, after?: number): EventsResponse {
    return this.#log(room).read(after)
  }

  older(room: string, before: number, limit: number): OlderResponse {
    return this.#log(room).older(before, Math.min(Math.max(limit, 1), 200))
  }

  async auditLog(room: string, before: number, limit: number): Promise<LogResponse> {
    const bounded = Math.min(Math.max(limit, 1), 500)
    const events = await this.store.readLog(room, before, bounded + 1)
    return { events: this.#log(room).redact(events.slice(-bounded)), hasOlder: events.length > bounded }
  }

  /**
   * Runs commands of `actor` (who the transport says is asking, never a field of the command)
   * in order; each is accepted (logged) or refused on its own. Re-sent commands (same message
   * id, same reaction tag, same edit stamp) are accepted without a new event. When the store
   * fails midway the commands logged so far are announced, then the error is thrown: a retry
   * of the whole request is safe.
   */
  async execute(room: string, actor: Actor, commands: readonly Command[]): Promise<CommandsResponse> {
    const log = this.#log(room)
    const headBefore = log.seq
    let stopped = false
    const announce = async (): Promise<void> => {
      const changes: ChatChange[] = []
      if (log.seq !== headBefore) changes.push({ room, what: 'log', hash: String(log.seq) })
      if (stopped) changes.push(this.#typingChange(room))
      if (changes.length) await this.#onChange(changes)
    }
    let results: CommandResult[]
    try {
      results = await log.exclusive(async () => {
        await log.settle()
        const out: CommandResult[] = []
        for (const raw of commands) {
          const now = this.#now()
          const command = clampStamp(raw, now)
          const duplicate = this.#duplicateSeq(log, command)
          if (duplicate !== undefined) {
            out.push({ ok: true, seq: duplicate })
            continue
          }
          const refusal = this.#moderation.check(log, actor, command, now)
          if (refusal) {
            out.push(refusal)
            continue
          }
          const [event] = await log.append([{ command, actor }])
          out.push({ ok: true, seq: event.seq })
          if (command.type === 'message.sent') stopped = this.#typing.set(room, actor, false, now) || stopped
        }
        return out
      })
    } finally {
      await announce()
    }
    return { results, head: log.seq }
  }

  #duplicateSeq(log: RoomLog, command: Command): number | undefined {
    const target = log.message(command.id)
    if (!target) return undefined
    switch (command.type) {
      case 'message.sent':
        return target.seq
      case 'message.edited':
      case 'message.deleted':
        return compareHlc(command.hlc, target.hlc) === 0 ? log.seq : undefined
      case 'reaction.added': {
        return hasTag(target.reactions, command.emoji, command.tag) ? log.seq : undefined
      }
      case 'reaction.removed': {
        const removed = target.reactions.get(command.emoji)?.removed
        return command.tags.every((tag) => removed?.has(tag)) ? log.seq : undefined
      }
    }
  }

  // PRESENCE AND TYPING

  /** A heartbeat (from a sync request's header, or a socket); awaited changes included. */
  async heartbeat({ tab, actor, room }: PresenceHeartbeat): Promise<void> {
    if (!this.#rooms.has(room)) return
    await this.#emitPresence(this.#presence.heartbeat(tab, actor, room, this.#now()))
  }

  /** Whether a heartbeat from this tab of `user` would only refresh it (no new tab). */
  knowsTab(user: string, tab: string): boolean {
    return this.#presence.has(user, tab)
  }

  /** A beacon from a tab of `user` (only their own tabs can be marked). */
  async beacon(user: string, { tab, status }: PresenceBeacon): Promise<void> {
    await this.#emitPresence(this.#presence.mark(user, tab, status, this.#now()))
  }

  presence(room: string): PresenceResponse {
    return { members: this.#presence.members(room) }
  }

  async setTyping(room: string, actor: Actor, typing: boolean): Promise<void> {
    if (!this.#rooms.has(room)) return
    if (this.#typing.set(room, actor, typing, this.#now())) await this.#onChange([this.#typingChange(room)])
  }

  typing(room: string): TypingResponse {
    return { typing: this.#typing.list(room, this.#now()) }
  }

  /**
   * Expires crashed tabs and stale typing. No timer: servers call this on every request
   * (at most once per 250 ms does work), and requests keep coming while anyone is watching.
   */
  async sweep(): Promise<void> {
    const now = this.#now()
    if (now - this.#lastSweep < 250) return
    this.#lastSweep = now
    const changes = [
      ...this.#presence.sweep(now).map((room) => this.#presenceChange(room)),
      ...this.#typing.sweep(now).map((room) => this.#typingChange(room)),
    ]
    if (changes.length) await this.#onChange(changes)
  }

  async #emitPresence(rooms: string[]): Promise<void> {
    if (rooms.length) await this.#onChange(rooms.map((room) => this.#presenceChange(room)))
  }

  #presenceChange(room: string): ChatChange {
    return { room, what: 'presence', hash: fnv1a(this.#presence.signature(room)) }
  }

  #typingChange(room: string): ChatChange {
    const entries = this.#typing.list(room, this.#now())
    return { room, what: 'typing', hash: fnv1a(`${entries.map((entry) => entry.id).join(',')}@${this.#now()}`) }
  }

  async close(): Promise<void> {
    await this.store.close()
  }
}
