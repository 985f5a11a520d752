import type { RealityNodeMeta } from '@rootlodge/reality/types'
import type { RealityStorage } from './types'
import { VersionClock } from './version-clock'

/** Options of `new MemoryStorage()`. */
export interface MemoryStorageOptions {
  /** Wall clock in milliseconds used to seed versions (tests inject one). */
  now?: () => number
}

/**
 * The default storage: a map in this process. Fast and dependency-free, but each process
 * has its own; use a shared database (or the mesh) when several servers answer one app.
 * Versions stay above those of an earlier process on the same machine (see VersionClock).
 */
export class MemoryStorage implements RealityStorage {
  readonly #nodes = new Map<string, RealityNodeMeta>()
  readonly #clock: VersionClock

  constructor(options: MemoryStorageOptions = {}) {
    this.#clock = new VersionClock(options.now)
  }

  async getNode(key: string): Promise<RealityNodeMeta | null> {
    return this.#nodes.get(key) ?? null
  }

  async setNode(key: string, meta: RealityNodeMeta): Promise<void> {
    const current = this.#nodes.get(key)
    if (current && current.version > meta.version) return
    this.#nodes.set(key, { key, version: meta.version, hash: meta.hash, updatedAt: meta.updatedAt })
    this.#clock.observe(meta.version)
  }

  async incrementVersion(_key: string): Promise<number> {
    return this.#clock.next()
  }

  async listChangedSince(version: number): Promise<RealityNodeMeta[]> {
    const out: RealityNodeMeta[] = []
    for (const node of this.#nodes.values()) if (node.version > version) out.push(node)
    return out.sort((a, b) => a.version - b.version)
  }

  async getNodes(keys: string[]): Promise<Map<string, RealityNodeMeta>> {
    const out = new Map<string, RealityNodeMeta>()
    for (const key of keys) {
      const node = this.#nodes.get(key)
      if (node) out.set(key, node)
    }
    return out
  }

  async getMaxVersion(): Promise<number> {
    return this.#clock.last
  }

  /**
   * Makes this storage's versions end in `slot` (0–999). Servers of a mesh that each run on
   * their own memory storage use distinct slots, so they never issue the same version.
   */
  useVersionSlot(slot: number | undefined): void {
    this.#clock.setSlot(slot)
  }

  async deleteNode(key: string): Promise<void> {
    this.#nodes.delete(key)
  }

  async isHealthy(): Promise<boolean> {
    return true
  }

  /** Number of keys held; used by `getStats()`. */
  get size(): number {
    return this.#nodes.size
  }
}
