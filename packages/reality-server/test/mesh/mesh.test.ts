import { waitFor } from '@reality-internal/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { FAST_MESH, type MeshNode, served, startMesh, stopMesh } from './nodes'

/*
 * Servers on their own memory storage forming a mesh over real HTTP on loopback: updates
 * spread, peers and their health ride on sync responses and exchanges, peers' peers are
 * learned, versions never collide, and a restarted server catches up.
 */

let nodes: MeshNode[] = []
afterEach(async () => {
  await stopMesh(nodes)
  nodes = []
})

const converged = (key: string, version: number, list: readonly MeshNode[] = nodes): Promise<unknown> =>
  waitFor(
    async () => {
      const views = await Promise.all(list.map((node) => served(node, key)))
      return views.every((view) => view.version === version)
    },
    { message: `${key}@${version} on every node` },
  )

describe('mesh on memory storage', () => {
  it('spreads an update made on one server to the others', async () => {
    nodes = await startMesh(3)
    const meta = await nodes[1].server.updateNode('room:1', 'h1')
    await converged('room:1', meta.version)
    expect(await served(nodes[2], 'room:1')).toEqual({ version: meta.version, hash: 'h1' })
  })

  it('has a peer hold a write before the write returns, so a crash right after loses nothing', async () => {
    nodes = await startMesh(3)
    for (let i = 0; i < 10; i++) {
      const meta = await nodes[0].server.updateNode(`held:${i}`, `h${i}`)
      const holders = await Promise.all([nodes[1], nodes[2]].map((node) => node.server.getNode(meta.key)))
      expect(holders.some((held) => held?.version === meta.version)).toBe(true)
    }
  })

  it('reports peers and their health on sync responses with exposeMesh, and in getMeshPeers()', async () => {
    nodes = await startMesh(3, () => ({ exposeMesh: true }))
    const before = (await nodes[0].server.handleSync({ known: {} })).mesh
    expect(before.serverId).toBe('node-0')
    expect([...before.peers].sort()).toEqual([nodes[1].url, nodes[2].url].sort())
    expect(Object.values(before.health ?? {}).every((h) => h === 'unknown' || h === 'healthy')).toBe(true)
    await nodes[0].server.updateNode('health:key', 'h')
    await waitFor(
      async () => {
        const { mesh } = await nodes[0].server.handleSync({ known: {} })
        return mesh.health?.[nodes[1].url] === 'healthy' && mesh.health?.[nodes[2].url] === 'healthy'
      },
      { message: 'peers observed healthy' },
    )
    expect((await nodes[0].server.getMeshPeers()).sort()).toEqual([nodes[1].url, nodes[2].url].sort())
  })

  it("learns its peers' peers through gossip", async () => {
    // A knows only B, B knows only C, C knows nobody (but takes part): a line.
    nodes = await startMesh(3, (i, urls) => ({
      peers: i < 2 ? [urls[i + 1]] : [],
      mesh: { ...FAST_MESH, url: urls[i] },
    }))
    const [a, b, c] = nodes
    const meta = await a.server.updateNode('line:key', 'h')
    await waitFor(async () => (await a.server.getMeshPeers()).includes(c.url), { message: 'A to learn C through B' })
    await waitFor(async () => (await c.server.getMeshPeers()).includes(a.url), { message: 'C to learn A' })
    await converged('line:key', meta.version)
    expect((await b.server.getMeshPeers()).sort()).toEqual([a.url, c.url].sort())
    const later = await a.server.updateNode('line:key', 'h2')
    await converged('line:key', later.version)
  })

  it('drops its own URL when every server is given the same full list', async () => {
    nodes = await startMesh(3, (_i, urls) => ({ peers: urls, mesh: { ...FAST_MESH } }))
    const meta = await nodes[0].server.updateNode('self:key', 'h')
    await converged('self:key', meta.version)
    await waitFor(async () => !(await nodes[0].server.getMeshPeers()).includes(nodes[0].url), {
      message: 'node 0 to drop its own URL',
    })
    expect((await nodes[0].server.getMeshPeers()).sort()).toEqual([nodes[1].url, nodes[2].url].sort())
  })

  it('never gives two concurrent updates of one key the same version, and all servers agree on the last', async () => {
    nodes = await startMesh(3)
    const writes = await Promise.all(
      Array.from({ length: 90 }, (_, i) => nodes[i % 3].server.updateNode('contended', `w${i}`)),
    )
    const versions = writes.map((meta) => meta.version)
    expect(new Set(versions).size).toBe(versions.length)
    // Each server's versions end in its own slot.
    const slots = await Promise.all(nodes.map(async (node) => (await node.server.getStats()).mesh?.slot))
    expect(new Set(slots).size).toBe(3)
    for (const [i, meta] of writes.entries()) expect(meta.version % 1000).toBe(slots[i % 3])
    const last = writes.reduce((best, meta) => (meta.version > best.version ? meta : best))
    await converged('contended', last.version)
    for (const node of nodes)
      expect(await served(node, 'contended')).toEqual({ version: last.version, hash: last.hash })
  })

  it('moves one of two servers configured on the same version slot', async () => {
    nodes = await startMesh(2, (i, urls) => ({ mesh: { ...FAST_MESH, url: urls[i], slot: 7 } }))
    await nodes[0].server.updateNode('slot:key', 'a')
    await waitFor(async () => (await nodes[1].server.getStats()).mesh?.slot !== 7, { message: 'node-1 to move' })
    expect((await nodes[0].server.getStats()).mesh?.slot).toBe(7)
    const moved = await nodes[1].server.updateNode('slot:key', 'b')
    expect(moved.version % 1000).not.toBe(7)
    expect(nodes[1].errors.some((e) => String(e).includes('version slot'))).toBe(true)
  })

  it('queues updates for a peer that is down and delivers them when it is back', async () => {
    nodes = await startMesh(3)
    const [a, b, c] = nodes
    await c.stop()
    const metas = []
    for (let i = 0; i < 5; i++) metas.push(await a.server.updateNode(`queued:${i}`, `h${i}`))
    await waitFor(async () => (await a.server.getStats()).mesh?.health?.[c.url] === 'unhealthy', {
      message: 'C to be seen unhealthy',
    })
    expect(await served(b, 'queued:4')).toEqual({ version: metas[4].version, hash: 'h4' })
    // C comes back empty (a restarted memory server): queued updates and its own pull refill it.
    await c.restart()
    for (const meta of metas) await converged(meta.key, meta.version)
    await waitFor(async () => (await a.server.getStats()).mesh?.health?.[c.url] === 'healthy', {
      message: 'C healthy again',
    })
  })

  it('pulls the state it lost when restarted, and its writes go above what it had issued', async () => {
    nodes = await startMesh(3)
    const [a, b] = nodes
    const before = await b.server.updateNode('restart:key', 'from-b')
    await a.server.updateNode('restart:other', 'from-a')
    await converged('restart:key', before.version)
    await b.stop()
    await b.restart()
    // The first sync starts the pull; the state arrives without any write on B.
    await converged('restart:key', before.version, [b])
    await converged('restart:other', (await a.server.getNode('restart:other'))?.version ?? -1, [b])
    const after = await b.server.updateNode('restart:key', 'after-restart')
    expect(after.version).toBeGreaterThan(before.version)
    await converged('restart:key', after.version)
  })

  it('requires the admin token on exchanges when the servers have one', async () => {
    nodes = await startMesh(2, (i, urls) => ({ adminToken: 'mesh-secret', mesh: { ...FAST_MESH, url: urls[i] } }))
    const meta = await nodes[0].server.updateNode('token:key', 'h')
    await converged('token:key', meta.version)
    const forged = await fetch(`${nodes[1].url}/reality/mesh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        from: { serverId: 'intruder', incarnation: 'x' },
        mesh: { peers: [], serverVersion: 0 },
        nodes: [{ key: 'token:key', version: Number.MAX_SAFE_INTEGER, hash: 'evil', updatedAt: 0 }],
      }),
    })
    expect(forged.status).toBe(401)
    expect(await served(nodes[1], 'token:key')).toEqual({ version: meta.version, hash: 'h' })
  })

  it('answers 404 on /mesh when the server has no mesh, and 400 for a malformed exchange', async () => {
    nodes = await startMesh(2, () => ({ adminToken: undefined }))
    const bad = await fetch(`${nodes[0].url}/reality/mesh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: { serverId: 'x' } }),
    })
    expect(bad.status).toBe(400)
    // Validated by the protocol package's MeshRequestSchema: the 400 names every missing field.
    const body = await bad.json()
    expect(body).toMatchObject({ error: 'invalid_request', message: expect.stringContaining('from.incarnation') })
    expect(body.issues.map((issue: { path: string }) => issue.path)).toEqual(['from.incarnation', 'mesh'])
    await nodes[1].restart({ peers: [], mesh: undefined })
    const none = await fetch(`${nodes[1].url}/reality/mesh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(none.status).toBe(404)
  })
})
