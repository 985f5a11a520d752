import { waitFor } from '@reality-internal/test-utils'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_HINT_QUEUE, HintQueue } from '../../src/cache/hint-queue'
import { ReadCache } from '../../src/cache/read-cache'
import { createCounter, createPgTable, type PgTable } from '../cluster/harness/postgres'

/*
 * A flood of hints (forged accelerator messages naming 50,000 keys at once) costs a bounded
 * number of reads of the real database: one batch at a time, at most `batchSize` keys each, at
 * most `maxPending` keys in all; the rest is left to the catch-up.
 */

let table: PgTable
beforeAll(async () => {
  table = await createPgTable('hint_flood')
})
afterAll(async () => {
  await table?.drop()
})

describe('hint queue under a flood', () => {
  it('re-reads at most maxPending keys, one batch of at most batchSize at a time', async () => {
    const counter = createCounter()
    const cache = new ReadCache(table.storage({ counter }), { refreshInterval: 60_000, maxCommitLag: 1000 })
    await cache.ensureFresh()
    counter.reset()
    const batches: number[] = []
    let inFlight = 0
    let maxInFlight = 0
    let done = 0
    const queue = new HintQueue(async (keys) => {
      batches.push(keys.length)
      maxInFlight = Math.max(maxInFlight, ++inFlight)
      try {
        await cache.reread(keys)
      } finally {
        inFlight--
        done++
      }
    })
    for (let i = 0; i < 50; i++) queue.add(Array.from({ length: 1000 }, (_, j) => `forged:${i}:${j}`))
    await waitFor(() => queue.pending === 0 && done === batches.length, { message: 'the queue drained' })
    const { batchSize, maxPending } = DEFAULT_HINT_QUEUE
    expect(maxInFlight).toBe(1)
    expect(Math.max(...batches)).toBeLessThanOrEqual(batchSize)
    expect(batches.reduce((sum, n) => sum + n, 0)).toBeLessThanOrEqual(maxPending + batchSize)
    expect(counter.lookups).toBe(batches.length)
    // Keys the storage does not hold are not cached.
    expect(cache.size).toBe(0)
  })
})
