import type { RealityNodeMeta } from '@rootlodge/reality/types'
import { backoffDelay, type Clock, systemClock, type TimerHandle, unrefTimer } from '../timing'
import type { MeshReply } from './exchange'

/*
 * What one server still has to tell one peer. Updates are coalesced per key (only the
 * newest version of a key matters), sent in batches, one request in flight at a time;
 * updates that arrive meanwhile ride on the next request. A failed request is retried after
 * an exponential backoff with jitter; contact from the peer retries at once. The queue is
 * bounded: past `maxQueue` keys it drops what nobody waits for and, when it can, re-sends the
 * whole state page by page instead (a peer that was away for long gets a snapshot).
 */

export interface OutboxTransport {
  /** Sends one exchange to the peer and processes its reply. */
  exchange(
    payload: { nodes: RealityNodeMeta[]; pull?: { after: number; limit: number } },
    signal: AbortSignal,
  ): Promise<MeshReply>
  /** This server's nodes above `after`, ascending; absent when peers need no snapshot. */
  snapshot?(after: number, limit: number): Promise<RealityNodeMeta[]>
}

export interface OutboxOptions {
  batchSize: number
  maxQueue: number
  retryBaseMs: number
  retryMaxMs: number
  /** Timers of the retry backoff (tests pass a fake one). */
  clock?: Clock
}

interface Waiter {
  resolve(): void
  reject(error: unknown): void
}

interface Entry {
  node: RealityNodeMeta
  waiters: Waiter[]
}

interface PullState {
  after: number
  settled: (() => void)[]
}

export class Outbox {
  readonly #transport: OutboxTransport
  readonly #options: OutboxOptions
  #pending = new Map<string, Entry>()
  #pull: PullState | undefined
  #resync: { after: number; waiters: Waiter[] } | undefined
  #inFlight = false
  readonly #clock: Clock
  #timer: TimerHandle | undefined
  #attempt = 0
  #closed = false
  #request: AbortController | undefined

  constructor(transport: OutboxTransport, options: OutboxOptions) {
    this.#transport = transport
    this.#options = options
    this.#clock = options.clock ?? systemClock
  }

  /** Queues nodes; with `wait`, resolves once the peer holds them (rejects if this outbox closes). */
  enqueue(nodes: readonly RealityNodeMeta[], wait: true): Promise<void>
  enqueue(nodes: readonly RealityNodeMeta[], wait?: false): undefined
  enqueue(nodes: readonly RealityNodeMeta[], wait = false): Promise<void> | undefined {
    if (this.#closed) return wait ? Promise.reject(new Error('mesh outbox closed')) : undefined
    const promises: Promise<void>[] = []
    for (const node of nodes) {
      const entry = this.#pending.get(node.key)
      const waiters = entry?.waiters ?? []
      if (wait) promises.push(new Promise<void>((resolve, reject) => waiters.push({ resolve, reject })))
      // A newer version of the key already queued covers this one.
      if (entry && entry.node.version >= node.version) continue
      this.#pending.set(node.key, { node, waiters })
    }
    if (this.#pending.size > this.#options.maxQueue) this.#overflow()
    this.#schedule()
    return wait ? Promise.all(promises).then(() => undefined) : undefined
  }

  #overflow(): void {
    for (const [key, entry] of this.#pending) if (entry.waiters.length === 0) this.#pending.delete(key)
    if (this.#transport.snapshot) this.#resync ??= { after: 0, waiters: [] }
  }

  /** Pulls the peer's whole state; settles when done, or when the first attempt failed (it keeps retrying). */
  pull(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#closed) return resolve()
      this.#pull ??= { after: 0, settled: [] }
      this.#pull.settled.push(resolve)
      this.#schedule()
    })
  }

  /** The peer showed up: retry now instead of waiting for the backoff. */
  nudge(): void {
    if (this.#timer === undefined) return
    this.#clock.clearTimeout(this.#timer)
    this.#timer = undefined
    this.#schedule()
  }

  /** Keys waiting to be sent. */
  get size(): number {
    return this.#pending.size
  }

  /** True while nothing is queued or in flight. */
  get idle(): boolean {
    return !this.#inFlight && !this.#hasWork()
  }

  #hasWork(): boolean {
    return this.#pending.size > 0 || this.#pull !== undefined || this.#resync !== undefined
  }

  #schedule(): void {
    if (this.#inFlight || this.#timer !== undefined || this.#closed || !this.#hasWork()) return
    this.#inFlight = true
    // One microtask later, so the writes of this tick share one request.
    queueMicrotask(() => void this.#flush())
  }

  async #flush(): Promise<void> {
    if (!this.#hasWork() || this.#closed) {
      this.#inFlight = false
      return
    }
    const { batchSize } = this.#options
    const pull = this.#pull
    const resync = this.#resync
    const sent: Entry[] = []
    let page: RealityNodeMeta[] | undefined
    const request = new AbortController()
    this.#request = request
    try {
      if (resync && this.#transport.snapshot) {
        page = await this.#transport.snapshot(resync.after, batchSize)
      } else {
        for (const [key, entry] of this.#pending) {
          if (sent.length >= batchSize) break
          sent.push(entry)
          this.#pending.delete(key)
        }
      }
      const nodes = page ?? sent.map((entry) => entry.node)
      const reply = await this.#transport.exchange(
        { nodes, pull: pull ? { after: pull.after, limit: batchSize } : undefined },
        request.signal,
      )
      this.#attempt = 0
      for (const entry of sent) for (const waiter of entry.waiters) waiter.resolve()
      if (page && resync && this.#resync === resync) {
        if (page.length < batchSize) {
          this.#resync = undefined
          for (const waiter of resync.waiters) waiter.resolve()
        } else resync.after = page[page.length - 1].version
      }
      if (pull && this.#pull === pull) {
        if (reply.more && reply.nodes.length > 0) pull.after = reply.nodes[reply.nodes.length - 1].version
        else {
          this.#pull = undefined
          for (const settle of pull.settled) settle()
        }
      }
    } catch (error) {
      this.#failed(error, sent, pull)
    } finally {
      this.#inFlight = false
      if (this.#request === request) this.#request = undefined
    }
    this.#schedule()
  }

  #failed(error: unknown, sent: Entry[], pull: PullState | undefined): void {
    if (this.#closed) {
      for (const entry of sent) for (const waiter of entry.waiters) waiter.reject(error)
      return
    }
    // Put back what was not delivered, unless a newer version of the key was queued meanwhile.
    for (const entry of sent) {
      const newer = this.#pending.get(entry.node.key)
      if (newer) newer.waiters.push(...entry.waiters)
      else this.#pending.set(entry.node.key, entry)
    }
    if (pull) {
      for (const settle of pull.settled) settle()
      pull.settled = []
    }
    const { retryBaseMs, retryMaxMs } = this.#options
    const delay = backoffDelay(this.#attempt, { baseMs: retryBaseMs, maxMs: retryMaxMs, jitter: true })
    this.#attempt++
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined
      this.#schedule()
    }, delay)
    // A retry must not keep a process alive that has nothing else to do.
    unrefTimer(this.#timer)
  }

  /** Stops: aborts the request in flight, rejects every waiter, clears the retry timer. */
  close(reason: Error = new Error('mesh outbox closed')): void {
    if (this.#closed) return
    this.#closed = true
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer)
    this.#timer = undefined
    this.#request?.abort(reason)
    for (const entry of this.#pending.values()) for (const waiter of entry.waiters) waiter.reject(reason)
    this.#pending.clear()
    for (const waiter of this.#resync?.waiters ?? []) waiter.reject(reason)
    this.#resync = undefined
    for (const settle of this.#pull?.settled ?? []) settle()
    this.#pull = undefined
  }
}
