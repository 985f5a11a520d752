import { waitFor } from '@reality-internal/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { MESH_SIGNATURE_HEADER, MeshSigner } from '../../src/mesh/signature'
import { createPgTable } from '../cluster/harness/postgres'
import { MESH_TEST_SECRET, type MeshNode, served, startMesh, stopMesh } from './nodes'

/*
 * The attacks of issue 15 on `POST {prefix}/mesh`, sent for real over HTTP: a forged exchange
 * must never give clients a version or hash, whether the mesh signs (memory storage with a
 * secret), does not (the seeds' snippet without adminToken), or only hints (shared storage).
 */

let nodes: MeshNode[] = []
afterEach(async () => {
  await stopMesh(nodes)
  nodes = []
  vi.restoreAllMocks()
})

const DAY_AHEAD = (Date.now() + 23 * 3_600_000) * 1000

const exchange = (nodes: unknown[], extra: Record<string, unknown> = {}) => ({
  from: { serverId: 'intruder', incarnation: 'x' },
  mesh: { peers: [], serverVersion: 0 },
  nodes,
  ...extra,
})

const post = (node: MeshNode, body: string, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${node.url}/reality/mesh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  })

describe('forged mesh exchanges', () => {
  it('with a secret: unsigned, wrongly signed, stale and replayed exchanges get 401 and change nothing', async () => {
    nodes = await startMesh(2)
    const real = await nodes[0].server.updateNode('chat:room:general', 'real')
    await waitFor(async () => (await served(nodes[1], 'chat:room:general')).version === real.version, {
      message: 'the real update on node 1',
    })
    const forged = JSON.stringify(
      exchange([{ key: 'chat:room:general', version: DAY_AHEAD, hash: 'pwned', updatedAt: 0 }]),
    )
    // What a web page could send from a browser: text/plain, no credentials. Refused before the mesh reads it.
    expect((await post(nodes[1], forged, { 'content-type': 'text/plain' })).status).toBe(415)
    expect((await post(nodes[1], forged)).status).toBe(401)
    const wrong = await new MeshSigner('not-the-secret').sign(forged)
    expect((await post(nodes[1], forged, { [MESH_SIGNATURE_HEADER]: wrong })).status).toBe(401)
    const stale = await new MeshSigner(MESH_TEST_SECRET, () => Date.now() - 120_000).sign(forged)
    expect((await post(nodes[1], forged, { [MESH_SIGNATURE_HEADER]: stale })).status).toBe(401)
    // A genuine exchange, captured and sent again: the first is answered (signed), the replay refused.
    const genuine = JSON.stringify(exchange([]))
    const header = await new MeshSigner(MESH_TEST_SECRET).sign(genuine)
    const first = await post(nodes[1], genuine, { [MESH_SIGNATURE_HEADER]: header })
    expect(first.status).toBe(200)
    expect(first.headers.get(MESH_SIGNATURE_HEADER)).toMatch(/^t=\d+,n=[\w-]+,s=[\w-]+$/)
    expect(await first.text()).not.toContain(MESH_TEST_SECRET)
    expect((await post(nodes[1], genuine, { [MESH_SIGNATURE_HEADER]: header })).status).toBe(401)
    for (const node of nodes)
      expect(await served(node, 'chat:room:general')).toEqual({ version: real.version, hash: 'real' })
  })

  it('without a secret: warns at start, bounds skew to seconds, validates input, learns no peers, serves no pulls', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    nodes = await startMesh(2, () => ({ adminToken: undefined }))
    expect(warn.mock.calls.flat().join('\n')).toMatch(/mesh is unauthenticated[\s\S]*adminToken/)
    const [a, b] = nodes
    const real = await a.server.updateNode('chat:room:general', 'real')
    await waitFor(async () => (await served(b, 'chat:room:general')).version === real.version, { message: 'real on b' })
    // A version 23 h ahead: text/plain is refused; as JSON it is answered, but never applied.
    const ahead = JSON.stringify(
      exchange([{ key: 'chat:room:general', version: DAY_AHEAD, hash: 'pwned', updatedAt: 0 }]),
    )
    expect((await post(b, ahead, { 'content-type': 'text/plain' })).status).toBe(415)
    expect((await post(b, ahead)).status).toBe(200)
    expect(await served(b, 'chat:room:general')).toEqual({ version: real.version, hash: 'real' })
    const next = await a.server.updateNode('chat:room:general', 'next')
    await waitFor(async () => (await served(b, 'chat:room:general')).hash === 'next', { message: 'next on b' })
    expect((await served(b, 'chat:room:general')).version).toBe(next.version)
    // What the sync schema forbids is refused like a client's request.
    const node = { key: 'k', version: 1, hash: 'h', updatedAt: 0 }
    for (const bad of [
      JSON.stringify(exchange([{ ...node, key: '' }])),
      JSON.stringify(exchange([{ ...node, key: 'k'.repeat(5000) }])),
      JSON.stringify(exchange([{ ...node, hash: 'h'.repeat(200_000) }])),
      JSON.stringify(exchange([{ ...node, updatedAt: 0 }])).replace('"updatedAt":0', '"updatedAt":1e999'),
      JSON.stringify(
        exchange([], {
          mesh: { peers: Array.from({ length: 70 }, (_, i) => `http://10.0.0.${i}:80`), serverVersion: 0 },
        }),
      ),
      JSON.stringify(
        exchange([], { from: { serverId: 'x', incarnation: 'x', url: `http://${'a'.repeat(5000)}.test` } }),
      ),
    ])
      expect((await post(b, bad)).status).toBe(400)
    // A forged sender URL and 60 gossiped peers: nothing is learnt, nothing is pulled or listed.
    const peers = Array.from({ length: 60 }, (_, i) => `http://10.0.0.${i}:80`)
    const gossip = JSON.stringify(
      exchange([], {
        from: { serverId: 'intruder', incarnation: 'x', url: 'http://169.254.169.254' },
        mesh: { peers, serverVersion: 0 },
        pull: { after: 0, limit: 100 },
      }),
    )
    const reply = await post(b, gossip)
    expect(reply.status).toBe(200)
    expect(await reply.json()).toMatchObject({ nodes: [], more: false, mesh: { peers: [], serverVersion: 0 } })
    expect(await b.server.getMeshPeers()).toEqual([a.url])
    const { mesh } = await b.server.handleSync({ known: {} })
    expect(mesh).toEqual({ serverId: 'node-1', peers: [], serverVersion: 0, health: {} })
  })

  it('in hint mode (shared storage), a forged version is never served: the storage is read instead', async () => {
    const table = await createPgTable('forged_hint')
    try {
      nodes = await startMesh(
        2,
        () => ({ refreshInterval: 60_000, adminToken: undefined }),
        () => table.storage(),
      )
      const [a, b] = nodes
      const real = await a.server.updateNode('doc:hint', 'real')
      await waitFor(async () => (await served(b, 'doc:hint')).version === real.version, { message: 'real on b' })
      const reads = (await b.server.getStats()).cache?.hintReads ?? 0
      const ahead = JSON.stringify(exchange([{ key: 'doc:hint', version: DAY_AHEAD, hash: 'pwned', updatedAt: 0 }]))
      expect((await post(b, ahead, { 'content-type': 'text/plain' })).status).toBe(415)
      expect((await post(b, ahead)).status).toBe(200)
      await waitFor(async () => ((await b.server.getStats()).cache?.hintReads ?? 0) > reads, { message: 'hint read' })
      expect(await served(b, 'doc:hint')).toEqual({ version: real.version, hash: 'real' })
      const next = await a.server.updateNode('doc:hint', 'next')
      await waitFor(async () => (await served(b, 'doc:hint')).version === next.version, { message: 'next on b' })
    } finally {
      await stopMesh(nodes)
      await table.drop()
    }
  })
})
