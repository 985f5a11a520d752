import type { Command, CommandResult } from '../domain'
import { Store } from './store'

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed'

export interface OutboxItem {
  /** Local id of this entry. */
  key: string
  room: string
  command: Command
  /**
   * queued: waiting (offline, behind earlier ones, or slowed down); sending: in a request;
   * sent: accepted, waiting for this tab's replica to reach `seq`; failed: refused.
   */
  status: OutboxStatus
  seq?: number
  error?: string
  attempts: number
}

/**
 * Thrown by a transport when trying again later may work: no answer (offline, connection
 * refused) or a server error (5xx). Any other error fails the commands for good.
 */
export class NetworkError extends Error {}

export interface OutboxOptions {
  /** Sends commands of one room, in order, in one request; throws `NetworkError` when unreachable. */
  deliver: (room: string, commands: Command[]) => Promise<CommandResult[]>
  /** Told after each request that got answers (to sync the room right away). */
  onDelivered?: (room: string) => void
  /** Told when the server refuses a command (the optimistic display of it is rolled back). */
  onRefused?: (item: OutboxItem) => void
  /** localStorage key: queued commands survive a reload of this tab. */
  persistKey?: string
  storage?: Storage
  isOnline?: () => boolean
  /** Longest wait between attempts while the server is unreachable (default 15 s). */
  maxBackoffMs?: number
}

const BATCH = 50

/*
 * Every write of this tab goes through here, strictly in order:
 *
 *   enqueue ─▶ queued ──flush──▶ sending ──accepted──▶ sent ──replica reached seq──▶ (removed)
 *                ▲                  │ refused ─▶ failed (retry ▶ queued, discard ▶ removed)
 *                └── offline / unreachable / rate limited (waits, then resends the same ids)
 *
 * Commands carry client-made ids and stamps, so sending one twice is harmless.
 */
export class Outbox extends Store<readonly OutboxItem[]> {
  readonly #options: OutboxOptions
  #flushing = false
  #timer: ReturnType<typeof setTimeout> | undefined
  #backoffMs = 0
  #counter = 0

  constructor(options: OutboxOptions) {
    super(Outbox.#restore(options))
    this.#options = options
    if (typeof window !== 'undefined') window.addEventListener('online', () => this.flush())
    if (this.getSnapshot().some((item) => item.status === 'queued')) queueMicrotask(() => this.flush())
  }

  static #restore(options: OutboxOptions): OutboxItem[] {
    if (!options.persistKey || !options.storage) return []
    try {
      const saved = JSON.parse(options.storage.getItem(options.persistKey) ?? '[]') as OutboxItem[]
      return saved.map((item) => (item.status === 'failed' ? item : { ...item, status: 'queued' as const }))
    } catch {
      return []
    }
  }

  /** Queues a command and starts sending if possible. */
  enqueue(room: string, command: Command): void {
    const key = `${Date.now().toString(36)}-${(this.#counter++).toString(36)}`
    this.#set([...this.getSnapshot(), { key, room, command, status: 'queued', attempts: 0 }])
    this.flush()
  }

  retry(key: string): void {
    this.#set(
      this.getSnapshot().map((item) => (item.key === key ? { ...item, status: 'queued', error: undefined } : item)),
    )
    this.flush()
  }

  discard(key: string): void {
    this.#set(this.getSnapshot().filter((item) => item.key !== key))
  }

  /** Drops accepted commands of `room` that this tab's replica (at `seq`) already contains. */
  confirm(room: string, seq: number): void {
    const items = this.getSnapshot()
    const kept = items.filter((item) => !(item.room === room && item.status === 'sent' && (item.seq ?? 0) <= seq))
    if (kept.length !== items.length) this.#set(kept)
  }

  /** Commands of `room` to show optimistically (everything not refused). */
  pending(room: string): Command[] {
    return this.getSnapshot()
      .filter((item) => item.room === room && item.status !== 'failed')
      .map((item) => item.command)
  }

  /** Sends queued commands, oldest first, one room's run per request, until none is left. */
  async flush(): Promise<void> {
    if (this.#flushing) return
    if (this.#options.isOnline && !this.#options.isOnline()) return
    this.#flushing = true
    clearTimeout(this.#timer)
    try {
      for (;;) {
        const batch = this.#nextBatch()
        if (batch.length === 0) break
        if (!(await this.#send(batch))) break
      }
    } finally {
      this.#flushing = false
    }
  }

  #nextBatch(): OutboxItem[] {
    const items = this.getSnapshot()
    const first = items.findIndex((item) => item.status === 'queued')
    if (first === -1) return []
    const batch: OutboxItem[] = []
    for (const item of items.slice(first)) {
      if (item.status === 'failed' || item.status === 'sent') continue
      if (item.status !== 'queued' || item.room !== items[first].room || batch.length === BATCH) break
      batch.push(item)
    }
    return batch
  }

  /** One request; false when the rest must wait (unreachable or slowed down). */
  async #send(batch: OutboxItem[]): Promise<boolean> {
    const keys = new Set(batch.map((item) => item.key))
    this.#patch(keys, (item) => ({ ...item, status: 'sending', attempts: item.attempts + 1 }))
    const room = batch[0].room
    let results: CommandResult[]
    try {
      results = await this.#options.deliver(
        room,
        batch.map((item) => item.command),
      )
    } catch (error) {
      if (!(error instanceof NetworkError)) {
        // The server answered but rejected the request itself: resending it would fail again.
        const message = error instanceof Error ? error.message : String(error)
        this.#patch(keys, (item) => ({ ...item, status: 'failed', error: message }))
        return true
      }
      this.#patch(keys, (item) => ({ ...item, status: 'queued' }))
      this.#retryLater()
      return false
    }
    this.#backoffMs = 0
    let waitMs = 0
    const refused: OutboxItem[] = []
    const byKey = new Map(batch.map((item, i) => [item.key, results[i]]))
    this.#set(
      this.getSnapshot().map((item) => {
        const result = byKey.get(item.key)
        if (!result) return item
        if (result.ok) return { ...item, status: 'sent', seq: result.seq, error: undefined }
        if (result.error === 'rate_limited') {
          waitMs = Math.max(waitMs, result.retryAfterMs ?? 1000)
          return { ...item, status: 'queued', error: result.message }
        }
        const failed = { ...item, status: 'failed' as const, error: result.message }
        refused.push(failed)
        return failed
      }),
    )
    this.#options.onDelivered?.(room)
    for (const item of refused) this.#options.onRefused?.(item)
    if (waitMs > 0) {
      this.#timer = setTimeout(() => this.flush(), waitMs)
      return false
    }
    return true
  }

  #retryLater(): void {
    this.#backoffMs = Math.min(this.#options.maxBackoffMs ?? 15_000, this.#backoffMs ? this.#backoffMs * 2 : 1000)
    this.#timer = setTimeout(() => this.flush(), this.#backoffMs)
  }

  #patch(keys: Set<string>, update: (item: OutboxItem) => OutboxItem): void {
    this.#set(this.getSnapshot().map((item) => (keys.has(item.key) ? update(item) : item)))
  }

  #set(items: readonly OutboxItem[]): void {
    this.setState(items)
    if (this.#options.persistKey && this.#options.storage) {
      const unsent = items.filter((item) => item.status !== 'sent')
      this.#options.storage.setItem(this.#options.persistKey, JSON.stringify(unsent))
    }
  }
}
