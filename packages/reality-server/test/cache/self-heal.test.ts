import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ReadCache } from '../../src/cache/read-cache'
import { createPgTable, type PgTable } from '../cluster/harness/postgres'

/*
 * A cache poisoned by a version the storage never held (what a forged accelerator message left
 * in servers before hints carried no data) recovers on its next catch-up, without a restart.
 */

let table: PgTable
beforeAll(async () => {
  table = await createPgTable('self_heal')
})
afterAll(async () => {
  await table?.drop()
})

describe('read cache self-healing', () => {
  it('puts back what the storage holds for a key cached above it, and forgets a key it never held', async () => {
    const storage = table.storage()
    const version = await storage.incrementVersion('doc:1')
    await storage.setNode('doc:1', { key: 'doc:1', version, hash: 'real', updatedAt: 1 })
    const cache = new ReadCache(storage, { refreshInterval: 60_000, maxCommitLag: 1000 })
    await cache.ensureFresh()
    expect(cache.get('doc:1')).toMatchObject({ version, hash: 'real' })

    cache.apply([
      { key: 'doc:1', version: Number.MAX_SAFE_INTEGER, hash: 'pwned', updatedAt: 0 },
      { key: 'doc:ghost', version: Number.MAX_SAFE_INTEGER - 1, hash: 'pwned', updatedAt: 0 },
    ])
    cache.markStale()
    await cache.ensureFresh()
    expect(cache.get('doc:1')).toMatchObject({ version, hash: 'real' })
    expect(cache.get('doc:ghost')).toBeUndefined()
    expect(cache.maxVersion).toBe(version)
    expect(cache.stats.repaired).toBeGreaterThanOrEqual(1)

    // And a real update after it is seen by the next catch-up.
    const next = await storage.incrementVersion('doc:1')
    await storage.setNode('doc:1', { key: 'doc:1', version: next, hash: 'after', updatedAt: 2 })
    cache.markStale()
    await cache.ensureFresh()
    expect(cache.get('doc:1')).toMatchObject({ version: next, hash: 'after' })
  })
})
