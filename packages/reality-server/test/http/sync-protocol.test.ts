import { randomUUID } from 'node:crypto'
import { SyncResponseSchema } from '@rootlodge/reality/types'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRealityServer, type RealityServer, type SyncResponse } from '../../src'
import { send } from '../support/http'
import { type Served, TRANSPORTS } from '../support/transports'

/* The sync exchange as the seeds describe it, over the direct node:http handler. */
describe('POST /reality/sync', () => {
  let server: RealityServer
  let served: Served
  let sync: string

  beforeAll(async () => {
    server = createRealityServer({ serverId: 'proto-1' })
    served = await TRANSPORTS[0].serve(server)
    sync = `${served.base}/sync`
  })
  afterAll(() => served.close())

  const syncOk = async (body: unknown): Promise<SyncResponse> => {
    const reply = await send(sync, { body })
    expect(reply.status).toBe(200)
    // The wire schema of the client package is the contract: the body must pass it as sent.
    SyncResponseSchema.parse(reply.body)
    return reply.body as SyncResponse
  }

  it('accepts the minimal form and the full form, and answers both alike', async () => {
    const posts = await server.updateNode('posts', 'abc123')
    const minimal = await syncOk({ known: { posts: 0, 'never:written': 0 } })
    const full = await syncOk({
      known: { posts: 0, 'never:written': 0 },
      clientId: randomUUID(),
      mode: 'polling-compat',
      hint: 'focus',
      timestamp: Date.now(),
    })
    for (const response of [minimal, full]) {
      expect(response.changed).toEqual({
        posts: { key: 'posts', version: posts.version, hash: 'abc123', updatedAt: posts.updatedAt, source: 'proto-1' },
      })
    }
  })

  it('carries mesh info and the server time on every response', async () => {
    const before = Date.now()
    const response = await syncOk({ known: {} })
    expect(response.changed).toEqual({})
    expect(response.serverTime).toBeGreaterThanOrEqual(before)
    expect(response.serverTime).toBeLessThanOrEqual(Date.now())
    // Peer URLs and the highest version stay out of public responses unless exposeMesh is set
    // (covered by the mesh suites); the schema-required fields carry safe values.
    expect(response.mesh).toEqual({ serverId: 'proto-1', peers: [], serverVersion: 0, health: {} })
  })

  it('reports the new version once a key is updated again, then nothing', async () => {
    const first = await server.invalidate('feed')
    const second = await server.updateNode('feed', 'h2')
    expect(second.version).toBeGreaterThan(first.version)
    const stale = await syncOk({ known: { feed: first.version } })
    expect(stale.changed.feed).toMatchObject({ version: second.version, hash: 'h2' })
    const current = await syncOk({ known: { feed: second.version } })
    expect(current.changed).toEqual({})
  })

  it('lists a key in changed exactly when the server version is greater than the known one', async () => {
    let round = 0
    await fc.assert(
      fc.asyncProperty(
        // Per key: how many updates the server saw (0 = never written), and where the client stands.
        fc.array(fc.record({ writes: fc.nat(3), offset: fc.integer({ min: -2, max: 2 }) }), {
          minLength: 1,
          maxLength: 12,
        }),
        async (keys) => {
          round++
          const known: Record<string, number> = {}
          const serverVersion = new Map<string, number>()
          for (const [i, { writes, offset }] of keys.entries()) {
            const key = `pbt:${round}:${i}`
            let version = 0
            for (let w = 0; w < writes; w++) version = (await server.invalidate(key)).version
            if (version > 0) serverVersion.set(key, version)
            known[key] = Math.max(0, version + offset)
          }
          const response = await syncOk({ known })
          const expected = Object.keys(known).filter((key) => (serverVersion.get(key) ?? 0) > known[key])
          expect(Object.keys(response.changed).sort()).toEqual(expected.sort())
          for (const key of expected) expect(response.changed[key].version).toBe(serverVersion.get(key))
        },
      ),
      { numRuns: 60 },
    )
  })
})
