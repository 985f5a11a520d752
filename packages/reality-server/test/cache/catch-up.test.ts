import type { RealityNodeMeta } from '@rootlodge/reality/types'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { RealityStorage } from '../../src'
import { ReadCache } from '../../src/cache/read-cache'

/*
 * The read cache against a simulated shared database where commit order differs from
 * version order. Time is simulated: writes take a version at `issuedAt` (versions grow with
 * time, as a database sequence does) and become visible at `committedAt`; a catch-up read
 * sees the database as it was when the read started and takes `duration` to return.
 *
 * The property: after every catch-up that started at s, the cache holds, for every write
 * committed before s, that version or a newer one. It holds whenever writes commit within
 * `maxCommitLag` of taking their version (the server redoes any write that does not), and
 * fails without the overlap window, which the control test shows.
 */

interface Write {
  key: string
  version: number
  issuedAt: number
  committedAt: number
}

/** A database whose rows appear at their commit time; `listChangedSince` answers as of the read's start. */
class SimulatedDatabase implements RealityStorage {
  clock = 0
  readDuration = 0
  constructor(readonly writes: Write[]) {}

  async listChangedSince(version: number): Promise<RealityNodeMeta[]> {
    const snapshotAt = this.clock
    const latest = new Map<string, Write>()
    for (const write of this.writes) {
      if (write.committedAt > snapshotAt) continue
      const current = latest.get(write.key)
      if (!current || current.version < write.version) latest.set(write.key, write)
    }
    this.clock += this.readDuration
    return [...latest.values()]
      .filter((write) => write.version > version)
      .sort((a, b) => a.version - b.version)
      .map(({ key, version: v, committedAt }) => ({ key, version: v, hash: `h${v}`, updatedAt: committedAt }))
  }

  async getNode(): Promise<RealityNodeMeta | null> {
    throw new Error('not used by the cache')
  }
  async setNode(): Promise<void> {}
  async incrementVersion(): Promise<number> {
    throw new Error('not used by the cache')
  }
  async getNodes(): Promise<Map<string, RealityNodeMeta>> {
    throw new Error('not used by the cache')
  }
  async getMaxVersion(): Promise<number> {
    return 0
  }
  async deleteNode(): Promise<void> {}
  async isHealthy(): Promise<boolean> {
    return true
  }
}

const LAG = 100

const scenario = fc.record({
  writes: fc.array(
    fc.record({
      key: fc.integer({ min: 0, max: 4 }),
      gap: fc.integer({ min: 0, max: 30 }),
      lag: fc.integer({ min: 0, max: LAG }),
    }),
    { minLength: 1, maxLength: 40 },
  ),
  reads: fc.array(fc.record({ gap: fc.integer({ min: 0, max: 60 }), duration: fc.integer({ min: 0, max: 120 }) }), {
    minLength: 1,
    maxLength: 40,
  }),
})

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never

/** Runs a scenario; returns the first write a finished catch-up should have seen but did not. */
const firstMiss = async ({ writes, reads }: Scenario, readerLag: number): Promise<string | undefined> => {
  let issuedAt = 0
  const timeline: Write[] = writes.map((w, i) => {
    issuedAt += w.gap
    return { key: `k${w.key}`, version: i + 1, issuedAt, committedAt: issuedAt + w.lag }
  })
  const db = new SimulatedDatabase(timeline)
  const cache = new ReadCache(db, { refreshInterval: 0, maxCommitLag: readerLag, now: () => db.clock })
  for (const read of reads) {
    db.clock += read.gap
    db.readDuration = read.duration
    const startedAt = db.clock
    await cache.ensureFresh()
    for (const write of timeline) {
      if (write.committedAt > startedAt) continue
      const held = cache.get(write.key)?.version ?? 0
      if (held < write.version)
        return `read at ${startedAt} holds ${write.key}@${held}, missing v${write.version} committed at ${write.committedAt}`
    }
  }
  return undefined
}

describe('read cache catch-up when commit order differs from version order', () => {
  it('never misses a write committed within maxCommitLag (property, simulated time)', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        expect(await firstMiss(s, LAG)).toBeUndefined()
      }),
      { numRuns: 1000 },
    )
  })

  it('control: reading on from the highest version seen misses late commits', async () => {
    const result = await fc.check(
      fc.asyncProperty(scenario, async (s) => (await firstMiss(s, 0)) === undefined),
      { numRuns: 1000 },
    )
    expect(result.failed).toBe(true)
  })

  it('re-reads a write that took a version before a newer one but committed after it', async () => {
    // v1 on a issued at 0, committed at 50; v2 on b issued at 10, committed at 10.
    const db = new SimulatedDatabase([
      { key: 'a', version: 1, issuedAt: 0, committedAt: 50 },
      { key: 'b', version: 2, issuedAt: 10, committedAt: 10 },
    ])
    const cache = new ReadCache(db, { refreshInterval: 0, maxCommitLag: LAG, now: () => db.clock })
    const at = async (time: number): Promise<void> => {
      db.clock = time
      await cache.ensureFresh()
    }
    await at(20) // sees b@2 only: a is not committed yet
    expect(cache.get('a')).toBeUndefined()
    expect(cache.get('b')?.version).toBe(2)
    await at(30)
    await at(60) // a committed at 50, below the highest version seen: found through the overlap
    expect(cache.get('a')?.version).toBe(1)
  })
})
