import type { RealityNodeMeta } from '@rootlodge/reality/types'
import type { RealityStorage } from '../storage/types'
import { CatchUpCursor } from './catch-up-cursor'

export interface ReadCacheOptions {
  /** Longest time a sync may be answered from data older than the request (ms). */
  refreshInterval: number
  /** Longest time between a version being issued and committed that readers tolerate (ms). */
  maxCommitLag: number
  /** Monotonic clock in ms (tests inject one). */
  now?: () => number
}

/** Counters reported by `getStats().cache`. */
export interface ReadCacheStats {
  /** Reads answered from memory without waiting for a catch-up read. */
  hits: number
  /** Catch-up reads that succeeded. */
  refreshes: number
  /** Catch-up reads that failed (the syncs waiting on them got 503). */
  failures: number
  /** Rows returned by all catch-up reads. */
  rowsRead: number
  /** Nodes applied from accelerators and peers that raised a version here. */
  applied: number
  /** Keys held. */
  size: number
}

const monotonicNow = (): number => performance.now()

/**
 * Node metadata of a shared storage, held in memory so a sync costs no database round trip.
 *
 * It catches up with `listChangedSince` on demand, when a request arrives and the last
 * catch-up started more than `refreshInterval` ago: no timer, no background loop, and at
 * most one query per interval whatever the number of clients. Concurrent requests share one
 * read. A sync answered at time t reflects every write committed before t − refreshInterval
 * (for writes that committed within `maxCommitLag` of taking their version; see
 * catch-up-cursor.ts). Accelerators and peers push nodes in between with `apply`.
 */
export class ReadCache {
  readonly #storage: RealityStorage
  readonly #interval: number
  readonly #now: () => number
  readonly #cursor: CatchUpCursor
  readonly #nodes = new Map<string, RealityNodeMeta>()
  #refreshedAt = Number.NEGATIVE_INFINITY
  #inflight: Promise<void> | undefined
  #staleSince = Number.NEGATIVE_INFINITY
  #readMax = 0
  #max = 0
  readonly #stats = { hits: 0, refreshes: 0, failures: 0, rowsRead: 0, applied: 0 }

  constructor(storage: RealityStorage, options: ReadCacheOptions) {
    this.#storage = storage
    this.#interval = options.refreshInterval
    this.#now = options.now ?? monotonicNow
    this.#cursor = new CatchUpCursor(options.maxCommitLag)
  }

  /**
   * Resolves once the cache reflects every write committed before now − refreshInterval;
   * `undefined` when it already does (the common case costs no promise). Rejects with the
   * storage's error when the catch-up read fails.
   */
  ensureFresh(): Promise<void> | undefined {
    const required = this.#required()
    if (this.#refreshedAt >= required) {
      this.#stats.hits++
      return undefined
    }
    return this.#catchUp(required)
  }

  /** A catch-up read that started at or after this time is recent enough. */
  #required(): number {
    return Math.max(this.#now() - this.#interval, this.#staleSince)
  }

  async #catchUp(required: number): Promise<void> {
    // A read already in flight may have started too early for this request: then run one more.
    while (this.#refreshedAt < required) {
      this.#inflight ??= this.#refresh().finally(() => {
        this.#inflight = undefined
      })
      await this.#inflight
    }
  }

  async #refresh(): Promise<void> {
    const startedAt = this.#now()
    let rows: RealityNodeMeta[]
    try {
      rows = await this.#storage.listChangedSince(this.#cursor.next())
    } catch (error) {
      this.#stats.failures++
      throw error
    }
    for (const row of rows) {
      this.#raise(row)
      if (row.version > this.#readMax) this.#readMax = row.version
    }
    this.#cursor.record(startedAt, this.#now(), this.#readMax)
    this.#refreshedAt = startedAt
    this.#stats.refreshes++
    this.#stats.rowsRead += rows.length
  }

  #raise(node: RealityNodeMeta): boolean {
    const current = this.#nodes.get(node.key)
    if (current !== undefined && current.version >= node.version) return false
    this.#nodes.set(node.key, { key: node.key, version: node.version, hash: node.hash, updatedAt: node.updatedAt })
    if (node.version > this.#max) this.#max = node.version
    return true
  }

  /** Nodes written here or pushed by a peer; returns those that raised a key's version. */
  apply(nodes: readonly RealityNodeMeta[]): RealityNodeMeta[] {
    const raised: RealityNodeMeta[] = []
    for (const node of nodes) if (this.#raise(node)) raised.push(node)
    this.#stats.applied += raised.length
    return raised
  }

  /** Makes the next request catch up (an accelerator reconnected and may have missed updates). */
  markStale(): void {
    this.#staleSince = this.#now()
  }

  get(key: string): RealityNodeMeta | undefined {
    return this.#nodes.get(key)
  }

  getMany(keys: readonly string[]): Map<string, RealityNodeMeta> {
    const out = new Map<string, RealityNodeMeta>()
    for (const key of keys) {
      const node = this.#nodes.get(key)
      if (node !== undefined) out.set(key, node)
    }
    return out
  }

  /** Forgets a key deleted through this server (other servers learn of deletes only on restart). */
  delete(key: string): void {
    this.#nodes.delete(key)
  }

  /** True once a catch-up read has succeeded: the cache holds the storage's keys. */
  get warm(): boolean {
    return this.#stats.refreshes > 0
  }

  /** Highest version held. */
  get maxVersion(): number {
    return this.#max
  }

  get size(): number {
    return this.#nodes.size
  }

  get stats(): ReadCacheStats {
    return { ...this.#stats, size: this.#nodes.size }
  }
}
