import { waitFor } from '@reality-internal/test-utils'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createPgTable, type PgTable } from '../cluster/harness/postgres'
import { FAST_MESH, type MeshNode, served, startMesh, stopMesh } from './nodes'

/*
 * Mesh peers sharing one PostgreSQL table: the database is the truth, so forwarded updates
 * only warm the peers' read caches (like an accelerator) and nobody waits on them.
 */

let table: PgTable
let nodes: MeshNode[] = []

beforeAll(async () => {
  table = await createPgTable('mesh_hint')
})
afterEach(async () => {
  await stopMesh(nodes)
  nodes = []
})
afterAll(async () => {
  await table?.drop()
})

describe('mesh on a shared storage', () => {
  it("pushes an update into the peers' read caches long before they would catch up", async () => {
    nodes = await startMesh(
      3,
      (i, urls) => ({ refreshInterval: 60_000, mesh: { ...FAST_MESH, url: urls[i] } }),
      () => table.storage(),
    )
    for (const node of nodes) await served(node, 'hint:key') // each cache did its first load
    const meta = await nodes[0].server.updateNode('hint:key', 'pushed')
    await waitFor(
      async () =>
        (await Promise.all(nodes.map((node) => served(node, 'hint:key')))).every((v) => v.version === meta.version),
      { message: 'the update in every cache', timeout: 5000 },
    )
    const stats = await nodes[1].server.getStats()
    expect(stats.cache).toMatchObject({ refreshes: 1 })
    expect(stats.cache?.applied).toBeGreaterThanOrEqual(1)
    expect(stats.mesh?.slot).toBeUndefined()
  })

  it('answers and converges within the refresh interval while a peer is down', async () => {
    nodes = await startMesh(
      2,
      (i, urls) => ({ refreshInterval: 200, mesh: { ...FAST_MESH, url: urls[i] } }),
      () => table.storage(),
    )
    await nodes[1].stop()
    const meta = await nodes[0].server.updateNode('hint:down', 'h')
    await nodes[1].restart()
    await waitFor(async () => (await served(nodes[1], 'hint:down')).version === meta.version, {
      message: 'the restarted peer to read it from the database',
      timeout: 3000,
    })
  })
})
