import { describe, expect, it } from 'vitest'
import { createRealityServer } from '../../src'
import { send } from '../support/http'
import { listenRealityPerTest } from '../support/listen'
import { SwitchableStorage } from '../support/switchable-storage'

/* `GET {prefix}/ready` (readiness) apart from `/health` (liveness), and `drain()`. */
describe('GET /ready', () => {
  const start = listenRealityPerTest()
  const get = (url: string, route: string) => send(`${url}/${route}`, { method: 'GET' })

  it('is ready on memory storage, and after drain() answers 503 with Retry-After while syncs still work', async () => {
    const server = createRealityServer({ serverId: 'ready-1', retryAfterSeconds: 7 })
    const url = await start(server)
    expect(await get(url, 'ready')).toMatchObject({
      status: 200,
      body: { status: 'ready', serverId: 'ready-1', ready: true, storage: true, cache: 'none', draining: false },
    })
    server.drain()
    const draining = await get(url, 'ready')
    expect(draining).toMatchObject({ status: 503, body: { status: 'unavailable', ready: false, draining: true } })
    expect(draining.headers.get('retry-after')).toBe('7')
    expect((await get(url, 'health')).status).toBe(200)
    expect((await send(`${url}/sync`, { body: { known: {} } })).status).toBe(200)
  })

  it('waits for a reachable storage and warms the read cache', async () => {
    const storage = new SwitchableStorage()
    await storage.setNode('warm', { key: 'warm', version: 3, hash: 'h', updatedAt: 1 })
    storage.down = true
    const url = await start(createRealityServer({ cache: true }, storage))
    expect(await get(url, 'ready')).toMatchObject({ status: 503, body: { storage: false, cache: 'cold' } })
    storage.down = false
    expect(await get(url, 'ready')).toMatchObject({ status: 200, body: { storage: true, cache: 'warm' } })
  })

  it('answers HEAD, and 405 to POST', async () => {
    const url = await start(createRealityServer())
    expect((await send(`${url}/ready`, { method: 'HEAD' })).status).toBe(200)
    const post = await send(`${url}/ready`, { body: {} })
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET, HEAD, OPTIONS')
  })
})
