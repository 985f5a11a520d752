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
  /** Nodes that raised a version here when re-read on a hint (accelerator or mesh peer). */
  applied: number
  /** Reads of hinted keys. */
  hintReads: number
  /** Cached versions above what the storage holds, put right by a read. */
  repaired: number
  /** Keys held. */
  size: number
}

const monotonicNow = (): number => performance.now()

interface Entry {
  node: RealityNodeMeta
  /** When it was set, counted in `#generation`: a read that started later may overrule it. */
  generation: number
}

/**
 * Node metadata of a shared storage, held in memory so a sync costs no database round trip.
 *
 * It catches up with `listChangedSince` on demand, when a request arrives and the last
 * catch-up started more than `refreshInterval` ago: no timer, no background loop, and at
 * most one query per interval whatever the number of clients. Concurrent requests share one
 * read. A sync answered at time t reflects every write committed before t − refreshInterval
 * (for writes that committed within `maxCommitLag` of taking their version; see
 * catch-up-cursor.ts). Hints from accelerators and peers make it re-read named keys in
 * between (`reread`); they never supply a version themselves.
 *
 * What a read returns is the truth: it overrules any cached entry set before the read started
 * (one set later may be this server's own newer write). After a catch-up, entries above the
 * highest version the storage ever returned are read again by key, so a version that never
 * came from the storage cannot stay.
 */
export class ReadCache {
  readonly #storage: RealityStorage
  readonly #interval: number
  readonly #now: () => number
  readonly #cursor: CatchUpCursor
  readonly #nodes = new Map<string, Entry>()
  #generation = 0
  #refreshedAt = Number.NEGATIVE_INFINITY
  #inflight: Promise<void> | undefined
  #staleSince = Number.NEGATIVE_INFINITY
  #readMax = 0
  #max = 0
  readonly #stats = { hits: 0, refreshes: 0, failures: 0, rowsRead: 0, applied: 0, hintReads: 0, repaired: 0 }

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
    const generation = ++this.#generation
    let rows: RealityNodeMeta[]
    try {
      rows = await this.#storage.listChangedSince(this.#cursor.next())
    } catch (error) {
      this.#stats.failures++
      throw error
    }
    for (const row of rows) {
      this.#settle(row, generation)
      if (row.version > this.#readMax) this.#readMax = row.version
    }
    if (this.#max > this.#readMax) await this.#repairAbove(this.#readMax, generation)
    this.#cursor.record(startedAt, this.#now(), this.#readMax)
    this.#refreshedAt = startedAt
    this.#stats.refreshes++
    this.#stats.rowsRead += rows.length
  }

  /** Re-reads the keys cached above anything the storage returned (set before `generation`). */
  async #repairAbove(readMax: number, generation: number): Promise<void> {
    const keys: string[] = []
    for (const [key, entry] of this.#nodes)
      if (entry.node.version > readMax && entry.generation < generation) keys.push(key)
    if (keys.length > 0) await this.#readKeys(keys, generation)
  }

  /** Reads `keys` from the storage and makes the cache say what it holds. */
  async reread(keys: readonly string[]): Promise<void> {
    this.#stats.hintReads++
    await this.#readKeys(keys, ++this.#generation)
  }

  async #readKeys(keys: readonly string[], generation: number): Promise<void> {
    const rows = await this.#storage.getNodes([...keys])
    for (const key of keys) {
      const row = rows.get(key)
      if (row !== undefined) {
        if (this.#settle(row, generation)) this.#stats.applied++
        continue
      }
      // Not in the storage (deleted, or never there): only an entry older than the read goes.
      const entry = this.#nodes.get(key)
      if (entry !== undefined && entry.generation < generation) {
        this.#nodes.delete(key)
        this.#recomputeMax()
      }
    }
  }

  /** Applies a row the storage returned; true when it raised the key's version. */
  #settle(row: RealityNodeMeta, generation: number): boolean {
    const entry = this.#nodes.get(row.key)
    if (entry === undefined || entry.node.version < row.version) {
      this.#set(row)
      return true
    }
    if (entry.node.version > row.version && entry.generation < generation) {
      this.#set(row)
      this.#stats.repaired++
      this.#recomputeMax()
    }
    return false
  }

  #set(node: RealityNodeMeta): void {
    const copy = { key: node.key, version: node.version, hash: node.hash, updatedAt: node.updatedAt }
    this.#nodes.set(node.key, { node: copy, generation: ++this.#generation })
    if (node.version > this.#max) this.#max = node.version
  }

  #recomputeMax(): void {
    let max = 0
    for (const entry of this.#nodes.values()) if (entry.node.version > max) max = entry.node.version
    this.#max = max
  }

  /** Nodes this server wrote (committed already); returns those that raised a key's version. */
  apply(nodes: readonly RealityNodeMeta[]): RealityNodeMeta[] {
    const raised: RealityNodeMeta[] = []
    for (const node of nodes) {
      const entry = this.#nodes.get(node.key)
      if (entry !== undefined && entry.node.version >= node.version) continue
      this.#set(node)
      raised.push(node)
    }
    return raised
  }

  /** Makes the next request catch up (an accelerator reconnected and may have missed updates). */
  markStale(): void {
    this.#staleSince = this.#now()
  }

  get(key: string): RealityNodeMeta | undefined {
    return this.#nodes.get(key)?.node
  }

  getMany(keys: readonly string[]): Map<string, RealityNodeMeta> {
    const out = new Map<string, RealityNodeMeta>()
    for (const key of keys) {
      const entry = this.#nodes.get(key)
      if (entry !== undefined) out.set(key, entry.node)
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
