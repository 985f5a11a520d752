import { waitFor } from '@reality-internal/test-utils'
import type { RealityNodeMeta } from '@rootlodge/reality/types'
import { afterEach, describe, expect, it } from 'vitest'
import { MemoryStorage, type RealityStorage } from '../../src'
import { type MeshNode, served, startMesh, stopMesh } from './nodes'

/*
 * The in-process capability of RealityStorage: a storage of your own that takes version slots
 * (`useVersionSlot`) joins a mesh of memory servers as MemoryStorage would, with no read cache
 * in front of it and updates replicated into it.
 */

/** A map with a counter: the least an in-process storage needs, and nothing of MemoryStorage. */
class SlottedMapStorage implements RealityStorage {
  readonly nodes = new Map<string, RealityNodeMeta>()
  readonly slots: (number | undefined)[] = []
  #last = 0
  #slot: number | undefined

  useVersionSlot(slot: number | undefined): void {
    this.slots.push(slot)
    this.#slot = slot
  }

  get size(): number {
    return this.nodes.size
  }

  async incrementVersion(): Promise<number> {
    let next = this.#last + 1
    if (this.#slot !== undefined) {
      next = next - (next % 1000) + this.#slot
      if (next <= this.#last) next += 1000
    }
    this.#last = next
    return next
  }

  async setNode(key: string, meta: RealityNodeMeta): Promise<void> {
    const current = this.nodes.get(key)
    if (current && current.version > meta.version) return
    this.nodes.set(key, { ...meta, key })
    if (meta.version > this.#last) this.#last = meta.version
  }

  async getNode(key: string): Promise<RealityNodeMeta | null> {
    return this.nodes.get(key) ?? null
  }

  async getNodes(keys: string[]): Promise<Map<string, RealityNodeMeta>> {
    const out = new Map<string, RealityNodeMeta>()
    for (const key of keys) {
      const node = this.nodes.get(key)
      if (node) out.set(key, node)
    }
    return out
  }

  async listChangedSince(version: number): Promise<RealityNodeMeta[]> {
    return [...this.nodes.values()].filter((node) => node.version > version).sort((a, b) => a.version - b.version)
  }

  async getMaxVersion(): Promise<number> {
    return this.#last
  }

  async deleteNode(key: string): Promise<void> {
    this.nodes.delete(key)
  }

  async isHealthy(): Promise<boolean> {
    return true
  }
}

let nodes: MeshNode[] = []
afterEach(async () => {
  await stopMesh(nodes)
  nodes = []
})

describe('an in-process storage other than MemoryStorage', () => {
  it('joins a memory mesh: takes a slot, has no read cache, and updates replicate both ways', async () => {
    const custom = new SlottedMapStorage()
    nodes = await startMesh(2, undefined, (i) => (i === 0 ? new MemoryStorage() : custom))
    const [memory, own] = nodes

    const mine = await own.server.updateNode('own:key', 'from-custom')
    expect(mine.version % 1000).toBe(custom.slots.at(-1))
    await waitFor(async () => (await served(memory, 'own:key')).version === mine.version, {
      message: 'the memory server holds the write made on the custom storage',
    })
    const theirs = await memory.server.updateNode('memory:key', 'from-memory')
    await waitFor(() => custom.nodes.get('memory:key')?.version === theirs.version, {
      message: 'the custom storage holds the write made on the memory server',
    })

    const stats = await own.server.getStats()
    expect(stats.cache).toBeUndefined()
    expect(stats.mesh?.slot).toBe(custom.slots.at(-1))
    expect(stats.keysTracked).toBe(custom.size)
  })
})
