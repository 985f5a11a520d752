import type { RealityNodeMeta } from '@rootlodge/reality/types'
import type { RealityStorage } from '@rootlodge/reality-server'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

/*
 * The contract of src/storage/types.ts as a suite any backend runs in a few lines:
 *
 *   runStorageConformance('SQLStorage (pg)', async () => {
 *     const table = uniqueName('conf')
 *     return { storage: make(table), twin: make(table), cleanup: () => drop(table) }
 *   })
 */

export interface StorageUnderTest {
  /** An empty storage: its own table, or a truncated one. */
  storage: RealityStorage
  /**
   * A second instance with its own connection(s) on the same backend and table: two servers
   * sharing a database. Omitted where a backend cannot be shared (memory).
   */
  twin?: RealityStorage
  /** Closes connections and drops what the factory made. */
  cleanup?: () => Promise<void> | void
}

export type StorageFactory = () => Promise<StorageUnderTest> | StorageUnderTest

const meta = (key: string, version: number, hash = `h${version}`, updatedAt = 1_700_000_000_000): RealityNodeMeta => ({
  key,
  version,
  hash,
  updatedAt,
})

/** What a server does on every change: issue a version, then write it with the new hash. */
const update = async (storage: RealityStorage, key: string, hash?: string): Promise<RealityNodeMeta> => {
  const version = await storage.incrementVersion(key)
  const node = meta(key, version, hash ?? `h${version}`, Date.now())
  await storage.setNode(key, node)
  return node
}

/** Runs `task` over `items` with at most `width` in flight. */
const pooled = async <T>(items: T[], width: number, task: (item: T) => Promise<unknown>): Promise<void> => {
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < items.length) await task(items[next++])
  }
  await Promise.all(Array.from({ length: width }, lane))
}

const TRICKY_KEYS = [
  'ключ:ü:日本語:😀',
  `it's "quoted" \`back\``,
  'back\\slash\\n',
  "'; DROP TABLE reality_nodes; --",
  'percent%_under',
  'a',
  'A',
  'a ',
  ' a',
  'tab\there',
  '😀'.repeat(128), // 256 UTF-16 code units, 512 UTF-8 bytes
  'k'.repeat(256),
  '#version',
]

/** Registers the conformance tests for one backend. */
export const runStorageConformance = (name: string, factory: StorageFactory): void => {
  describe(`${name}: storage conformance`, () => {
    let sut: StorageUnderTest
    let storage: RealityStorage

    beforeEach(async () => {
      sut = await factory()
      storage = sut.storage
    })
    afterEach(async () => {
      await sut?.cleanup?.()
    })

    it('starts empty: no node, max version 0, nothing changed', async () => {
      expect(await storage.getNode('posts')).toBeNull()
      expect(await storage.getMaxVersion()).toBe(0)
      expect(await storage.listChangedSince(0)).toEqual([])
      expect((await storage.getNodes(['posts', 'other'])).size).toBe(0)
      expect(await storage.isHealthy()).toBe(true)
    })

    it('round-trips a node exactly (numbers stay numbers)', async () => {
      const node = meta('chat:room:general', 1_795_439_542_237_001, 'abc123', 1_795_439_542_237)
      await storage.setNode(node.key, node)
      const read = await storage.getNode(node.key)
      expect(read).toEqual(node)
      expect(typeof read?.version).toBe('number')
      expect(typeof read?.updatedAt).toBe('number')
    })

    it('setNode never lowers a version; an equal one replaces the hash; a greater one wins', async () => {
      await storage.setNode('k', meta('k', 100, 'new'))
      await storage.setNode('k', meta('k', 50, 'old'))
      expect(await storage.getNode('k')).toEqual(meta('k', 100, 'new'))
      await storage.setNode('k', meta('k', 100, 'retry'))
      expect((await storage.getNode('k'))?.hash).toBe('retry')
      await storage.setNode('k', meta('k', 101, 'newer'))
      expect(await storage.getNode('k')).toEqual(meta('k', 101, 'newer'))
    })

    it('incrementVersion issues strictly increasing integers across keys, floored by the wall clock', async () => {
      const before = Date.now()
      const versions: number[] = []
      for (let i = 0; i < 40; i++) versions.push(await storage.incrementVersion(`key-${i % 3}`))
      for (const version of versions) expect(Number.isSafeInteger(version)).toBe(true)
      for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1])
      // Floored like MemoryStorage's clock, so moving an app between storages never goes back.
      expect(versions[0]).toBeGreaterThanOrEqual(before * 1000)
      expect(await storage.getMaxVersion()).toBe(versions[versions.length - 1])
    })

    it('never issues a version that setNode wrote (a peer’s or an import)', async () => {
      const first = await storage.incrementVersion('a')
      const foreign = first + 5_000_000_000
      await storage.setNode('imported', meta('imported', foreign))
      expect(await storage.getMaxVersion()).toBeGreaterThanOrEqual(foreign)
      expect(await storage.incrementVersion('b')).toBeGreaterThan(foreign)
    })

    it('listChangedSince returns exactly the nodes updated after a version, ascending', async () => {
      const a = await update(storage, 'a')
      const b = await update(storage, 'b')
      const c = await update(storage, 'c')
      expect(await storage.listChangedSince(0)).toEqual([a, b, c])
      expect(await storage.listChangedSince(a.version)).toEqual([b, c])
      expect(await storage.listChangedSince(b.version - 1)).toEqual([b, c])
      expect(await storage.listChangedSince(c.version)).toEqual([])
      const a2 = await update(storage, 'a', 'second')
      expect(await storage.listChangedSince(c.version)).toEqual([a2])
      expect(await storage.listChangedSince(0)).toEqual([b, c, a2])
    })

    it('getNodes returns the existing keys only, and 1,000 keys at once', async () => {
      const keys = Array.from({ length: 1000 }, (_, i) => `bulk:${i}`)
      const written = new Map<string, RealityNodeMeta>()
      await pooled(keys, 16, async (key) => {
        const node = await update(storage, key)
        written.set(key, node)
      })
      const small = await storage.getNodes(['bulk:1', 'missing', 'bulk:2', 'bulk:1'])
      expect([...small.keys()].sort()).toEqual(['bulk:1', 'bulk:2'])
      expect(small.get('bulk:2')).toEqual(written.get('bulk:2'))
      const all = await storage.getNodes([...keys, 'nope:1', 'nope:2'])
      expect(all.size).toBe(1000)
      for (const key of keys) expect(all.get(key)).toEqual(written.get(key))
      expect((await storage.getNodes([])).size).toBe(0)
    }, 90_000)

    it('deleteNode forgets a key everywhere but never resets versions', async () => {
      const a = await update(storage, 'a')
      const b = await update(storage, 'b')
      await storage.deleteNode('a')
      await storage.deleteNode('never-written')
      expect(await storage.getNode('a')).toBeNull()
      expect((await storage.getNodes(['a', 'b'])).has('a')).toBe(false)
      expect(await storage.listChangedSince(0)).toEqual([b])
      expect(await storage.incrementVersion('a')).toBeGreaterThan(b.version)
      expect(await storage.getMaxVersion()).toBeGreaterThan(a.version)
    })

    it('stores keys and hashes byte for byte (unicode, quotes, SQL, case, spaces, 256 characters)', async () => {
      const written: RealityNodeMeta[] = []
      for (const [i, key] of TRICKY_KEYS.entries()) {
        written.push(await update(storage, key, `${key}|#${i}|"'\\|ü`))
      }
      for (const node of written) expect(await storage.getNode(node.key)).toEqual(node)
      const many = await storage.getNodes(TRICKY_KEYS)
      expect(many.size).toBe(TRICKY_KEYS.length)
      for (const node of written) expect(many.get(node.key)).toEqual(node)
      expect(await storage.listChangedSince(0)).toEqual(written)
      const longHash = 'x'.repeat(4000)
      await storage.setNode('long-hash', meta('long-hash', written[written.length - 1].version + 1, longHash))
      expect((await storage.getNode('long-hash'))?.hash).toBe(longHash)
    })

    it('8 writers × 200 updates through two instances: 1,600 distinct versions, none lost', async () => {
      const instances = [storage, sut.twin ?? storage]
      const keys = ['shared:0', 'shared:1', 'shared:2', 'shared:3']
      const since = await storage.getMaxVersion()
      const issued: { writer: number; key: string; version: number; hash: string }[] = []
      await Promise.all(
        Array.from({ length: 8 }, async (_, writer) => {
          const instance = instances[writer % 2]
          for (let i = 0; i < 200; i++) {
            const key = keys[(writer + i) % keys.length]
            const node = await update(instance, key, `w${writer}:${i}`)
            issued.push({ writer, key, version: node.version, hash: node.hash })
          }
        }),
      )
      expect(issued).toHaveLength(1600)
      expect(new Set(issued.map((entry) => entry.version)).size).toBe(1600)
      for (let writer = 0; writer < 8; writer++) {
        const mine = issued.filter((entry) => entry.writer === writer).map((entry) => entry.version)
        for (let i = 1; i < mine.length; i++) expect(mine[i]).toBeGreaterThan(mine[i - 1])
      }
      // Whatever order the writes landed in, each key holds its greatest version and that version's hash.
      for (const instance of instances) {
        const stored = await instance.getNodes(keys)
        for (const key of keys) {
          const newest = issued.filter((entry) => entry.key === key).reduce((a, b) => (b.version > a.version ? b : a))
          expect(stored.get(key)?.version).toBe(newest.version)
          expect(stored.get(key)?.hash).toBe(newest.hash)
        }
      }
      const greatest = Math.max(...issued.map((entry) => entry.version))
      expect(await storage.getMaxVersion()).toBe(greatest)
      expect(await instances[1].getMaxVersion()).toBe(greatest)
      expect((await storage.listChangedSince(since)).map((node) => node.key).sort()).toEqual(keys)
    }, 180_000)
  })
}
