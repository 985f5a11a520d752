import { ERROR_CODES, PROTOCOL_VERSION } from '@rootlodge/reality/types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRealityServer, type RealityServer } from '../../src'
import { errorBody, send } from '../support/http'
import { SwitchableStorage } from '../support/switchable-storage'
import { type Served, TRANSPORTS } from '../support/transports'

describe('getStats() counts what the server did', () => {
  const storage = new SwitchableStorage()
  // No read cache: every sync reads the storage, so a switched-off storage fails the next sync.
  const server = createRealityServer({ serverId: 'stats', cache: false }, storage)
  let served: Served
  beforeAll(async () => {
    served = await TRANSPORTS[0].serve(server)
  })
  afterAll(() => served.close())

  it('starts at zero', async () => {
    const stats = await server.getStats()
    expect(stats).toMatchObject({
      serverId: 'stats',
      keysTracked: 0,
      syncsServed: 0,
      keysChecked: 0,
      keysChanged: 0,
      updates: 0,
      errors: 0,
      rejected: 0,
    })
    expect(stats.startedAt).toBeLessThanOrEqual(Date.now())
    expect(stats.uptimeMs).toBeGreaterThanOrEqual(0)
  })

  it('counts updates, keys, syncs, changed keys, rejected requests and storage errors', async () => {
    await server.updateNode('a', 'h1')
    await server.invalidate('b')
    const [, a] = await server.invalidateMany(['c', 'a'])
    const sync = `${served.base}/sync`
    expect((await send(sync, { body: { known: { a: 0, b: 0, x: 0 } } })).status).toBe(200)
    expect((await send(sync, { body: { known: { a: a.version } } })).status).toBe(200)
    expect((await send(sync, { body: { known: { a: 'one' } } })).status).toBe(400)
    storage.down = true
    try {
      expect((await send(sync, { body: { known: { a: 0 } } })).status).toBe(503)
    } finally {
      storage.down = false
    }
    const stats = await server.getStats()
    expect(stats).toMatchObject({
      keysTracked: 3,
      updates: 4,
      syncsServed: 2,
      keysChecked: 4,
      keysChanged: 2,
      rejected: 1,
      errors: 1,
    })
  })
})

describe("server.getFetchHandler('/reality') on a real port", () => {
  let served: Served
  beforeAll(async () => {
    served = await TRANSPORTS[1].serve(createRealityServer({ serverId: 'routes' }))
  })
  afterAll(() => served.close())

  it('routes sync, health and invalidate under the prefix, and nothing else', async () => {
    expect((await send(`${served.base}/sync`, { body: { known: {} } })).status).toBe(200)
    expect((await send(`${served.base}/sync/`, { body: { known: {} } })).status).toBe(200)
    expect((await send(`${served.base}/health`, { method: 'GET' })).status).toBe(200)
    const head = await send(`${served.base}/health`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.text).toBe('')
    // No admin token configured: invalidation over HTTP is off.
    const invalidate = await send(`${served.base}/invalidate`, { body: { keys: ['a'] } })
    expect(invalidate.status).toBe(401)
    expect(invalidate.body).toMatchObject(errorBody(ERROR_CODES.unauthorized))
    const options = await send(`${served.base}/sync`, { method: 'OPTIONS' })
    expect(options.status).toBe(204)
    expect(options.headers.get('allow')).toBe('POST, GET, HEAD, OPTIONS')
    for (const path of ['/reality/other', '/other/sync', '/sync', '/']) {
      const reply = await send(`${served.origin}${path}`, { body: { known: {} } })
      expect(reply.status).toBe(404)
      expect(reply.body).toMatchObject(errorBody(ERROR_CODES.notFound))
    }
  })
})

describe.each(TRANSPORTS)('GET /reality/health over $name', (transport) => {
  const storage = new SwitchableStorage()
  let server: RealityServer
  let served: Served
  beforeAll(async () => {
    server = createRealityServer({ serverId: 'health', retryAfterSeconds: 7, cache: false }, storage)
    served = await transport.serve(server)
  })
  afterAll(() => served.close())

  it('answers 200 while the storage is healthy, 503 with Retry-After while it is not', async () => {
    const health = `${served.base}/health`
    const ok = await send(health, { method: 'GET' })
    expect(ok.status).toBe(200)
    expect(ok.body).toEqual({ status: 'ok', serverId: 'health', storage: true, protocol: PROTOCOL_VERSION })
    storage.down = true
    try {
      const down = await send(health, { method: 'GET' })
      expect(down.status).toBe(503)
      expect(down.headers.get('retry-after')).toBe('7')
      expect(down.body).toMatchObject({ status: 'unavailable', storage: false })
      expect(await server.isHealthy()).toBe(false)
    } finally {
      storage.down = false
    }
    expect((await send(health, { method: 'GET' })).status).toBe(200)
  })
})
