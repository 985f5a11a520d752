import {
  type Actor,
  applyToMessage,
  type Command,
  createMessage,
  type EventsResponse,
  type Message,
  type OlderResponse,
  type RoomEvent,
  type RoomSnapshot,
} from '../domain'
import type { ChatStore } from './store/types'

export interface RoomLogOptions {
  store: ChatStore
  /** A snapshot (what joins start from) is taken after every `snapshotEvery` events. */
  snapshotEvery: number
  /**
   * The full state is checkpointed in the store after every `checkpointEvery` events (a multiple of
   * `snapshotEvery`, default 1000): what a restarted server opens the room from.
   */
  checkpointEvery?: number
  /** How many of the latest messages a join carries; older ones are paged in on demand. */
  windowSize: number
  now: () => number
}

/*
 * One room, event-sourced:
 *
 *   command ──validate──▶ event(seq n) ──append──▶ store log ──fold──▶ projection (all messages)
 *                                                                        │ every N events
 *                                                                        ▼
 *                                             snapshot(seq): the latest `windowSize` messages ──▶ joins
 *                                             every M events: checkpoint of the full state ──▶ store (restarts)
 *
 * Readers never replay the log: a join gets the latest snapshot plus the < N events after it; a
 * client that is behind gets only what it has not seen. Messages are immutable objects, so a
 * snapshot costs `windowSize` references, not a copy of the room.
 */
export class RoomLog {
  readonly room: string
  readonly #options: RoomLogOptions
  #seq = 0
  readonly #messages: Message[] = []
  readonly #index = new Map<string, number>()
  /** Events since one snapshot interval before the latest snapshot: what tails are served from. */
  #recent: RoomEvent[] = []
  #snapshot: RoomSnapshot = { seq: 0, messages: [], hasOlder: false }
  readonly #checkpointEvery: number
  #queue: Promise<unknown> = Promise.resolve()
  /** Events whose append failed midway: the store may or may not hold them (see `settle`). */
  #unsettled = 0

  private constructor(room: string, options: RoomLogOptions) {
    this.room = room
    this.#options = options
    const every = options.snapshotEvery
    this.#checkpointEvery = options.checkpointEvery ?? every * Math.max(1, Math.round(1000 / every))
    if (this.#checkpointEvery % options.snapshotEvery !== 0) {
      throw new Error('checkpointEvery must be a multiple of snapshotEvery')
    }
  }

  /** Opens a room from its store: latest snapshot, then the events after it. */
  static async open(room: string, options: RoomLogOptions): Promise<RoomLog> {
    const log = new RoomLog(room, options)
    const stored = await options.store.load(room)
    if (stored.snapshot) {
      log.#seq = stored.snapshot.seq
      for (const message of stored.snapshot.messages) {
        log.#index.set(message.id, log.#messages.length)
        log.#messages.push(message)
      }
      log.#takeSnapshot()
    }
    for (const event of stored.events) log.#fold(event)
    return log
  }

  get seq(): number {
    return this.#seq
  }

  get messageCount(): number {
    return this.#messages.length
  }

  message(id: string): Message | undefined {
    const at = this.#index.get(id)
    return at === undefined ? undefined : this.#messages[at]
  }

  /** Runs `task` after every earlier task of this room: appends never interleave. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task)
    this.#queue = run.catch(() => {})
    return run
  }

  /**
   * After an append that failed (a connection dropped mid-insert), folds whatever of it the
   * store did commit, so the next seq is right. Returns true when that moved the head. Call
   * inside `exclusive`; throws while the store is still unreachable.
   */
  async settle(): Promise<boolean> {
    if (this.#unsettled === 0) return false
    const committed = await this.#options.store.readLog(this.room, this.#seq + this.#unsettled + 1, this.#unsettled)
    const before = this.#seq
    for (const event of committed) if (event.seq === this.#seq + 1) this.#fold(event)
    this.#unsettled = 0
    return this.#seq !== before
  }

  /** Logs accepted commands as the next events (call inside `exclusive`, after `settle`). */
  async append(entries: readonly { command: Command; actor: Actor }[]): Promise<RoomEvent[]> {
    const at = this.#options.now()
    const events = entries.map(({ command, actor }, i) => ({ ...command, seq: this.#seq + i + 1, at, actor }))
    if (events.length === 0) return events
    try {
      await this.#options.store.append(this.room, events)
    } catch (error) {
      this.#unsettled = events.length
      throw error
    }
    for (const event of events) {
      this.#fold(event)
      if (event.seq % this.#checkpointEvery === 0) {
        await this.#options.store.saveSnapshot(this.room, event.seq, this.#messages)
      }
    }
    return events
  }

  #fold(event: RoomEvent): void {
    this.#seq = event.seq
    this.#recent.push(event)
    // Keep two intervals: enough to serve any tail of up to one interval without the store.
    if (this.#recent.length > 2 * this.#options.snapshotEvery) {
      this.#recent = this.#recent.slice(-this.#options.snapshotEvery)
    }
    if (event.type === 'message.sent') {
      if (!this.#index.has(event.id)) {
        this.#index.set(event.id, this.#messages.length)
        this.#messages.push(createMessage(event))
      }
    } else {
      const at = this.#index.get(event.id)
      if (at !== undefined) this.#messages[at] = applyToMessage(this.#messages[at], event)
    }
    if (event.seq % this.#options.snapshotEvery === 0) this.#takeSnapshot()
  }

  #takeSnapshot(): void {
    const size = this.#options.windowSize
    const messages = this.#messages
    this.#snapshot = { seq: this.#seq, messages: messages.slice(-size), hasOlder: messages.length > size }
  }

  /**
   * What a client holding `after` needs: nothing, the events it has not seen (at most one
   * snapshot interval of them), or, for a join or a client too far behind, the latest
   * snapshot window plus the events after it.
   */
  read(after?: number): EventsResponse {
    const head = this.#seq
    const oldest = this.#recent.length ? this.#recent[0].seq : head + 1
    const from =
      after !== undefined && after <= head && head - after <= this.#options.snapshotEvery && after >= oldest - 1
        ? after
        : undefined
    const snapshot = from === undefined ? this.#snapshot : undefined
    const events = this.redact(this.#recent.filter((event) => event.seq > (from ?? this.#snapshot.seq)))
    return snapshot ? { room: this.room, head, snapshot, events } : { room: this.room, head, events }
  }

  /**
   * Events as readers may see them: the text of a message that is deleted now is gone from
   * every event that carried it (its creation and its edits), in tails and in the audit log.
   */
  redact(events: readonly RoomEvent[]): RoomEvent[] {
    return events.map((event) =>
      (event.type === 'message.sent' || event.type === 'message.edited') && this.message(event.id)?.deleted
        ? { ...event, text: '' }
        : event,
    )
  }

  /** Up to `limit` messages created before `before` (a creation seq), in their current state. */
  older(before: number, limit: number): OlderResponse {
    let lo = 0
    let hi = this.#messages.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.#messages[mid].seq < before) lo = mid + 1
      else hi = mid
    }
    const start = Math.max(0, lo - limit)
    return { messages: this.#messages.slice(start, lo), hasOlder: start > 0 }
  }
}
