import type { RealityNodeMeta } from '@rootlodge/reality/types'

/**
 * Version slots: a storage that issues versions in this process can make each of them end in
 * a slot (`version % VERSION_SLOTS`), so servers of a mesh on distinct slots never issue the
 * same version.
 */
export const VERSION_SLOTS = 1000

/**
 * Where a Reality server keeps change metadata (key, version, hash, updatedAt), never payloads.
 * Every adapter passes the shared conformance suite, so they are interchangeable.
 *
 * Versions form one sequence per storage: each version is greater than every version the
 * storage issued before, on any key, by any server sharing it, also across restarts.
 */
export interface RealityStorage {
  /** The node of `key`, or `null` when the key was never written (or was deleted). */
  getNode(key: string): Promise<RealityNodeMeta | null>
  /**
   * Writes a node unless the stored one already has a greater version: versions of a key
   * never go down, whatever order concurrent writers finish in.
   */
  setNode(key: string, meta: RealityNodeMeta): Promise<void>
  /**
   * Issues the next version for `key`: atomically greater than any version this storage
   * issued before. The caller writes it with `setNode` together with the new hash, so a
   * reader never sees the new version paired with the old hash.
   */
  incrementVersion(key: string): Promise<number>
  /** Every node whose version is greater than `version`, in ascending version order. */
  listChangedSince(version: number): Promise<RealityNodeMeta[]>
  /** The nodes of the given keys that exist, in one round trip where the backend allows. */
  getNodes(keys: string[]): Promise<Map<string, RealityNodeMeta>>
  /** The greatest version ever issued (0 for a new storage). */
  getMaxVersion(): Promise<number>
  /** Removes the key's node; a key it does not hold is not an error. */
  deleteNode(key: string): Promise<void>
  /** False when the backend cannot be reached; never throws. */
  isHealthy(): Promise<boolean>

  /*
   * Optional capability of storages that live in this process (MemoryStorage, or your own):
   * the server reads them directly (no read cache), and with mesh peers the servers replicate
   * their updates to each other's storages through the mesh.
   */

  /**
   * Makes every version issued from now on end in `slot` (0 to VERSION_SLOTS - 1), or lifts
   * the constraint (`undefined`). Its presence marks the storage as in-process: it has no
   * shared state, and the mesh calls it with a slot no peer uses.
   */
  useVersionSlot?(slot: number | undefined): void
  /** Number of keys held, read by `getStats()` instead of listing every node. */
  readonly size?: number
}
