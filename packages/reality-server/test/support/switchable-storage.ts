import type { RealityNodeMeta } from '@rootlodge/reality/types'
import { MemoryStorage, type RealityStorage } from '../../src'

/**
 * A real storage (memory) with an outage switch: while `down` is true every method fails as a
 * lost database connection would, and `isHealthy()` answers false. Lets HTTP tests reach the
 * 503 path and its recovery without mocking anything.
 */
export class SwitchableStorage implements RealityStorage {
  down = false
  readonly #inner = new MemoryStorage()

  #guard<T>(run: () => Promise<T>): Promise<T> {
    return this.down ? Promise.reject(new Error('connect ECONNREFUSED (storage switched off by the test)')) : run()
  }

  getNode(key: string): Promise<RealityNodeMeta | null> {
    return this.#guard(() => this.#inner.getNode(key))
  }
  setNode(key: string, meta: RealityNodeMeta): Promise<void> {
    return this.#guard(() => this.#inner.setNode(key, meta))
  }
  incrementVersion(key: string): Promise<number> {
    return this.#guard(() => this.#inner.incrementVersion(key))
  }
  listChangedSince(version: number): Promise<RealityNodeMeta[]> {
    return this.#guard(() => this.#inner.listChangedSince(version))
  }
  getNodes(keys: string[]): Promise<Map<string, RealityNodeMeta>> {
    return this.#guard(() => this.#inner.getNodes(keys))
  }
  getMaxVersion(): Promise<number> {
    return this.#guard(() => this.#inner.getMaxVersion())
  }
  deleteNode(key: string): Promise<void> {
    return this.#guard(() => this.#inner.deleteNode(key))
  }
  async isHealthy(): Promise<boolean> {
    return !this.down
  }
}
