import { describe, expect, it } from 'vitest'
import { createRealityServer, type RealityServerOptions } from '../../src'
import { send } from '../support/http'
import { listenRealityPerTest } from '../support/listen'
import { parsePrometheus, sampleValue } from '../support/prometheus'

/* `GET {prefix}/metrics` over real HTTP: the admin token guards it, and what it answers parses. */
describe('GET /metrics', () => {
  const listenReality = listenRealityPerTest()
  const start = (options: RealityServerOptions) => listenReality(createRealityServer(options))
  const scrape = (url: string, token?: string) =>
    send(`${url}/metrics`, { method: 'GET', headers: token ? { authorization: `Bearer ${token}` } : {} })

  it('answers 401 without the admin token, with a wrong one, and when none is configured', async () => {
    const url = await start({ adminToken: 'metrics-token' })
    for (const reply of [await scrape(url), await scrape(url, 'wrong')]) {
      expect(reply.status).toBe(401)
      expect(reply.headers.get('www-authenticate')).toBe('Bearer')
      expect(reply.body).toMatchObject({ error: 'unauthorized' })
    }
    expect((await scrape(await start({}), 'anything')).status).toBe(401)
  })

  it('serves the Prometheus text format with requests by route and status, the sync histogram and counters', async () => {
    const url = await start({ adminToken: 'metrics-token', serverId: 'metrics-1' })
    await send(`${url}/invalidate`, { body: { keys: ['a', 'b'] }, headers: { authorization: 'Bearer metrics-token' } })
    await send(`${url}/sync`, { body: { known: { a: 0, b: 0, c: 0 } } })
    await send(`${url}/sync`, { body: { known: { a: 0 } } })
    await send(`${url}/sync`, { body: { known: 'not an object' } })
    const reply = await scrape(url, 'metrics-token')
    expect(reply.status).toBe(200)
    expect(reply.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')

    const families = parsePrometheus(reply.text)
    const value = (name: string, labels?: Record<string, string>) => sampleValue(families, name, labels)
    expect(value('reality_info', { server_id: 'metrics-1' })).toBe(1)
    expect(value('reality_http_requests_total', { route: 'sync', method: 'POST', status: '200' })).toBe(2)
    expect(value('reality_http_requests_total', { route: 'sync', method: 'POST', status: '400' })).toBe(1)
    expect(value('reality_http_requests_total', { route: 'invalidate', method: 'POST', status: '200' })).toBe(1)
    expect(families.get('reality_sync_duration_seconds')?.type).toBe('histogram')
    expect(value('reality_sync_duration_seconds_count')).toBe(2)
    expect(value('reality_syncs_total')).toBe(2)
    expect(value('reality_sync_keys_checked_total')).toBe(4)
    expect(value('reality_sync_keys_changed_total')).toBe(3)
    expect(value('reality_sync_rejected_total')).toBe(1)
    expect(value('reality_updates_total')).toBe(2)
    expect(value('reality_storage_errors_total')).toBe(0)
    expect(value('reality_draining')).toBe(0)
    // Memory storage has no read cache, accelerator or mesh: their families are absent, not zero.
    expect(families.has('reality_read_cache_hits_total')).toBe(false)
    expect(families.has('reality_accelerator_up')).toBe(false)
  })

  it('reports the read cache and the mesh when the server has them, with escaped label values', async () => {
    const peer = 'http://peer.test:1/"quoted"\\path'
    const url = await start({ adminToken: 't', cache: true, peers: [peer] })
    await send(`${url}/sync`, { body: { known: { a: 0 } } })
    await send(`${url}/sync`, { body: { known: { a: 0 } } })
    const families = parsePrometheus((await scrape(url, 't')).text)
    expect(sampleValue(families, 'reality_read_cache_refreshes_total')).toBe(1)
    expect(sampleValue(families, 'reality_read_cache_hits_total')).toBe(1)
    expect(sampleValue(families, 'reality_mesh_peers')).toBe(1)
    expect(families.get('reality_mesh_peer_health')?.samples.map((s) => s.labels.peer)).toEqual([peer])
  })
})
