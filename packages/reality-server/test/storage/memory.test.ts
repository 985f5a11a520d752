import { MemoryStorage } from '@rootlodge/reality-server'
import { describe, expect, it } from 'vitest'
import { runStorageConformance } from './conformance'

runStorageConformance('MemoryStorage', () => ({ storage: new MemoryStorage() }))

describe('MemoryStorage across a restart', () => {
  it('a new instance issues versions greater than the old one did, even with many updates per millisecond', async () => {
    let clock = 1_700_000_000_000
    const now = () => clock
    const before = new MemoryStorage({ now })
    let last = 0
    // 5,000 updates in one frozen millisecond: the counter runs ahead of the clock.
    for (let i = 0; i < 5000; i++) last = await before.incrementVersion(`k${i % 7}`)
    expect(last).toBe(1_700_000_000_000 * 1000 + 4999)
    clock += 10 // the process restarts 10 ms later, with empty memory
    const after = new MemoryStorage({ now })
    const first = await after.incrementVersion('k0')
    expect(first).toBeGreaterThan(last)
    expect(await after.getMaxVersion()).toBe(first)
  })

  it('a client holding an old version sees the first update after a restart', async () => {
    const before = new MemoryStorage()
    const held = await before.incrementVersion('posts')
    await new Promise((resolve) => setTimeout(resolve, 2))
    const after = new MemoryStorage()
    const version = await after.incrementVersion('posts')
    await after.setNode('posts', { key: 'posts', version, hash: 'h', updatedAt: Date.now() })
    expect((await after.getNode('posts'))?.version).toBeGreaterThan(held)
  })
})
