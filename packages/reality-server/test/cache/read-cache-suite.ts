import { sleep, waitFor } from '@reality-internal/test-utils'
import type { RealityNodeMeta } from '@rootlodge/reality/types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRealityServer, type RealityServer, type RealityStorage } from '../../src'
import { createCounter, type PgTable } from '../cluster/harness/postgres'

/*
 * The read cache over a real shared SQL database: what a sync costs the database, the commit
 * order trap (a version taken before another but committed after it), and writes slower than
 * maxCommitLag being redone. Run on PostgreSQL and on MariaDB by the two test files.
 */

/** A table of the test's own: storages on it (optionally counting statements), dropped at the end. */
export type SqlTable = Omit<PgTable, 'pool'>

const knownOf = (keys: string[]): Record<string, number> => Object.fromEntries(keys.map((key) => [key, 0]))

export const runReadCacheSuite = (database: string, createTable: (prefix: string) => Promise<SqlTable>): void => {
  let table: SqlTable
  const servers: RealityServer[] = []
  const server = (...args: Parameters<typeof createRealityServer>): RealityServer => {
    const created = createRealityServer(...args)
    servers.push(created)
    return created
  }

  beforeAll(async () => {
    table = await createTable('cache')
  })

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()))
    await table?.drop()
  })

  describe(`read cache on ${database}`, () => {
    it('answers syncs without a query per request: 300 concurrent syncs, one catch-up read', async () => {
      const writer = server({ serverId: 'writer' }, table.storage())
      const keys = Array.from({ length: 20 }, (_, i) => `cost:${i}`)
      await writer.invalidateMany(keys)
      const counter = createCounter()
      const cached = server({ serverId: 'cached', refreshInterval: 60_000 }, table.storage({ counter }))
      const directCounter = createCounter()
      const uncached = server({ serverId: 'uncached', cache: false }, table.storage({ counter: directCounter }))
      await uncached.handleSync({ known: {} }) // schema check and max version, once
      directCounter.reset()

      const syncs = Array.from({ length: 300 }, (_, i) => ({ known: knownOf(keys.slice(i % 10, (i % 10) + 10)) }))
      const answers = await Promise.all(syncs.map((body) => cached.handleSync(body)))
      expect(answers.every((a) => Object.keys(a.changed).length === 10)).toBe(true)
      // Schema setup and the one full load shared by all 300 concurrent requests.
      expect(counter.catchUps).toBe(1)
      counter.reset()
      await Promise.all(syncs.map((body) => cached.handleSync(body)))
      expect(counter.total).toBe(0)
      expect((await cached.getStats()).cache).toMatchObject({ refreshes: 1, size: 20 })

      await Promise.all(syncs.map((body) => uncached.handleSync(body)))
      expect(directCounter.lookups).toBe(300)
    })

    it('queries at most once per refreshInterval however many clients sync', async () => {
      const counter = createCounter()
      const cached = server({ serverId: 'interval', refreshInterval: 100 }, table.storage({ counter }))
      await cached.handleSync({ known: {} })
      counter.reset()
      const started = performance.now()
      let syncs = 0
      // 25 clients syncing back to back for about a second.
      await Promise.all(
        Array.from({ length: 25 }, async () => {
          while (performance.now() - started < 1000) {
            await cached.handleSync({ known: { 'cost:1': 0 } })
            syncs++
            await sleep(5)
          }
        }),
      )
      const elapsed = performance.now() - started
      expect(syncs).toBeGreaterThan(100)
      expect(counter.total).toBeLessThanOrEqual(Math.floor(elapsed / 100) + 1)
    })

    it('sees a write that took its version before a newer one but committed after it', async () => {
      const storage = table.storage()
      const writer = server({ serverId: 'order-writer' }, storage)
      const reader = server({ serverId: 'order-reader', refreshInterval: 20, maxCommitLag: 1000 }, table.storage())
      const naive = server({ serverId: 'order-naive', refreshInterval: 20, maxCommitLag: 0 }, table.storage())
      const known = { known: { 'order:late': 0, 'order:early': 0 } }
      // The slow writer takes its version first...
      const lateVersion = await storage.incrementVersion('order:late')
      // ...another write takes a greater one and commits.
      const early = await writer.updateNode('order:early', 'e')
      expect(early.version).toBeGreaterThan(lateVersion)
      // Both readers catch up a few times past the early write while the late one is uncommitted.
      for (let i = 0; i < 4; i++) {
        for (const r of [reader, naive]) {
          const { changed } = await r.handleSync(known)
          expect(changed['order:early']?.version).toBe(early.version)
          expect(changed['order:late']).toBeUndefined()
        }
        await sleep(30)
      }
      // The slow write commits now, with a version below everything the readers have seen.
      await storage.setNode('order:late', { key: 'order:late', version: lateVersion, hash: 'l', updatedAt: Date.now() })
      const seen = await waitFor(async () => (await reader.handleSync(known)).changed['order:late'], {
        message: 'the late commit to reach the cache',
        timeout: 5000,
      })
      expect(seen).toMatchObject({ version: lateVersion, hash: 'l' })
      // Control: reading on from the highest version seen (no overlap window) never finds it, over five catch-ups
      // counted by the cache itself.
      const refreshes = async () => (await naive.getStats()).cache?.refreshes ?? 0
      const target = (await refreshes()) + 5
      let found = false
      await waitFor(
        async () => {
          if ((await naive.handleSync(known)).changed['order:late']) found = true
          return (await refreshes()) >= target
        },
        { message: 'five catch-ups of the naive reader', every: 10 },
      )
      expect(found).toBe(false)
    })

    it('redoes a write slower than maxCommitLag with a fresh version', async () => {
      const inner = table.storage()
      let slowOnce = true
      // A real storage whose first commit stalls (a long GC pause, a lock wait) past the bound.
      const stalling: RealityStorage = {
        getNode: (key) => inner.getNode(key),
        getNodes: (keys) => inner.getNodes(keys),
        incrementVersion: (key) => inner.incrementVersion(key),
        listChangedSince: (version) => inner.listChangedSince(version),
        getMaxVersion: () => inner.getMaxVersion(),
        deleteNode: (key) => inner.deleteNode(key),
        isHealthy: () => inner.isHealthy(),
        setNode: async (key: string, meta: RealityNodeMeta) => {
          if (slowOnce) {
            slowOnce = false
            await sleep(300)
          }
          await inner.setNode(key, meta)
        },
      }
      const writer = server({ serverId: 'slow-writer', maxCommitLag: 100 }, stalling)
      const reader = server({ serverId: 'slow-reader', refreshInterval: 20, maxCommitLag: 100 }, table.storage())
      await reader.handleSync({ known: {} })
      const meta = await writer.updateNode('slow:key', 'final')
      expect((await writer.getStats()).rewrites).toBe(1)
      const stored = await inner.getNode('slow:key')
      expect(stored).toMatchObject({ version: meta.version, hash: 'final' })
      const seen = await waitFor(
        async () => (await reader.handleSync({ known: { 'slow:key': 0 } })).changed['slow:key'],
        {
          message: 'the redone write',
        },
      )
      expect(seen).toMatchObject({ version: meta.version, hash: 'final' })
    })
  })
}
