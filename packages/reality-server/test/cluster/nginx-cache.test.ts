import { sleep, waitFor } from '@reality-internal/test-utils'
import { createRealityClient } from '@rootlodge/reality'
import { type ChangedNode, cacheableKeysQuery, SYNC_KEYS_PARAM } from '@rootlodge/reality/types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Cluster, startCluster } from './harness/cluster'
import { type CachingNginx, startCachingNginx } from './harness/nginx-cache'
import { createPgTable, type PgTable } from './harness/postgres'
import { updateThrough } from './harness/sim-client'

/*
 * The cacheable GET sync behind a real cache: nginx with proxy_cache in front of two Reality servers on one
 * PostgreSQL table. Public keys are answered by the cache, one request at a time reaching the origin; private keys
 * never are; a client behind a cache that holds answers too long never goes backwards and does not loop.
 */

const TOKEN = 'edge-token'
const syncUrl = (base: string, keys: string[]) => `${base}/reality/sync?${SYNC_KEYS_PARAM}=${cacheableKeysQuery(keys)}`

describe('GET sync behind nginx proxy_cache, two servers on PostgreSQL', () => {
  let table: PgTable
  let cluster: Cluster | undefined
  let nginx: CachingNginx | undefined
  let run = 0
  const fresh = (name: string) => `${name}:${process.pid}:${run++}`
  const originSyncs = async () => {
    const stats = await Promise.all((cluster?.servers ?? []).map((server) => server.stats()))
    return stats.reduce((sum, s) => sum + s.syncsServed, 0)
  }

  /** Both servers answer `version` for `key` (each learns of the other's writes through its read cache). */
  const everywhere = (key: string, version: number) =>
    waitFor(
      async () => {
        const answers = await Promise.all(
          (cluster?.servers ?? []).map((server) =>
            fetch(syncUrl(server.url, [key])).then(
              (r) => r.json() as Promise<{ changed: Record<string, ChangedNode> }>,
            ),
          ),
        )
        return answers.every((answer) => answer.changed[key]?.version === version)
      },
      { message: `${key} at ${version} on both servers`, timeout: 10_000 },
    )

  /**
   * A fresh key `name` written once (`hash`) through server 1 and seen by both servers, and a client behind
   * `front` that records the method of each request it sends in `sent`.
   */
  const clientBehind = async (front: string | undefined, name: string, hash: string) => {
    const key = fresh(name)
    const origin = cluster?.servers[0].url ?? ''
    const first = await updateThrough(origin, TOKEN, key, hash)
    await everywhere(key, first.version)
    const sent: string[] = []
    const recording: typeof fetch = (input, init) => {
      sent.push(init?.method ?? 'GET')
      return fetch(input, init)
    }
    const client = createRealityClient({ servers: [front ?? ''], fetch: recording })
    return { key, origin, first, sent, client }
  }

  beforeAll(async () => {
    table = await createPgTable('edge')
    cluster = await startCluster(2, (i) => ({
      serverId: `edge-${i + 1}`,
      adminToken: TOKEN,
      storage: { kind: 'postgres', table: table.name },
      publicKeys: ['room:'],
    }))
    nginx = await startCachingNginx(cluster.ports)
  }, 60_000)

  afterAll(async () => {
    await nginx?.stop()
    await cluster?.stop()
    await table?.drop()
  })

  it('answers a burst of viewers of a public key set with one origin request, then from the cache', async () => {
    const edge = nginx?.edge ?? ''
    const keys = [fresh('room:a'), fresh('room:a:presence')]
    for (const key of keys) {
      const meta = await updateThrough(cluster?.servers[0].url ?? '', TOKEN, key, `h-${key}`)
      await everywhere(key, meta.version)
    }
    const before = await originSyncs()
    const replies = await Promise.all(Array.from({ length: 40 }, () => fetch(syncUrl(edge, keys))))
    const bodies = await Promise.all(replies.map((r) => r.json() as Promise<{ changed: object }>))
    expect(await originSyncs()).toBe(before + 1)
    for (const body of bodies) expect(Object.keys(body.changed).sort()).toEqual([...keys].sort())
    expect(replies[0].headers.get('cache-control')).toMatch(/^public, max-age=1, s-maxage=1/)
    expect(replies[0].headers.get('vary')).toBe('Accept-Encoding')
    const statuses = replies.map((r) => r.headers.get('x-cache-status'))
    expect(statuses.filter((s) => s === 'MISS')).toHaveLength(1)

    // The cache answers If-None-Match with 304 itself.
    const etag = replies[0].headers.get('etag') ?? ''
    const revalidated = await fetch(syncUrl(edge, keys), { headers: { 'if-none-match': etag } })
    expect(revalidated.status).toBe(304)
    expect(revalidated.headers.get('etag')).toBe(etag)
  })

  it('keeps a public answer no longer than max-age, though nginx counts expiry in whole seconds', async () => {
    const key = fresh('room:f')
    const meta = await updateThrough(cluster?.servers[0].url ?? '', TOKEN, key, 'f')
    await everywhere(key, meta.version)
    const first = await fetch(syncUrl(nginx?.edge ?? '', [key]))
    expect(first.headers.get('x-cache-status')).toBe('MISS')
    expect(first.headers.get('x-accel-expires')).toBeNull() // read by nginx, not passed on
    // max-age=1 from the second the origin made it in: by the next second, nginx must ask again.
    const made = (await first.json()) as { serverTime: number }
    const nextSecond = (Math.floor(made.serverTime / 1000) + 1) * 1000
    await sleep(Math.max(0, nextSecond - Date.now()) + 100)
    const later = await fetch(syncUrl(nginx?.edge ?? '', [key]))
    expect(later.headers.get('x-cache-status')).not.toBe('HIT')
  })

  it('never keeps an answer about a private key, whoever asks', async () => {
    const edge = nginx?.edge ?? ''
    const keys = [fresh('room:b'), fresh('user:1:inbox')]
    for (const key of keys) await updateThrough(cluster?.servers[0].url ?? '', TOKEN, key, `h-${key}`)
    const before = await originSyncs()
    for (let i = 0; i < 3; i++) {
      const reply = await fetch(syncUrl(edge, keys), { headers: { cookie: `sid=${i}` } })
      expect(reply.headers.get('cache-control')).toBe('private, no-store')
      expect(reply.headers.get('x-cache-status')).not.toBe('HIT')
    }
    expect(await originSyncs()).toBe(before + 3)
  })

  it('shows a change to a client through the cache', async () => {
    const key = fresh('room:c')
    const origin = cluster?.servers[1].url ?? ''
    await updateThrough(origin, TOKEN, key, 'first')
    const client = createRealityClient({ servers: [nginx?.edge ?? ''] })
    try {
      await client.syncKeys([key], 'mount')
      const next = await updateThrough(origin, TOKEN, key, 'second')
      await waitFor(
        async () => {
          await client.syncKeys([key], 'idle')
          return client.getState(key).meta?.version === next.version
        },
        { message: 'the change through the cache', timeout: 10_000, every: 200 },
      )
    } finally {
      client.destroy()
    }
  })

  it('never goes backwards, and does not loop, behind a cache that keeps an old answer', async () => {
    const { key, origin, first, sent, client } = await clientBehind(nginx?.stale, 'room:d', 'old')
    try {
      await client.syncKeys([key], 'mount') // POST: the server marks the key public
      await client.syncKeys([key], 'idle') // GET: the stale cache now keeps version `first`
      expect(sent).toEqual(['POST', 'GET'])
      expect(client.getState(key).meta?.version).toBe(first.version)

      const second = await updateThrough(origin, TOKEN, key, 'new')
      await client.syncKeys([key], 'mutation') // after a write: POST, past the cache
      expect(client.getState(key).meta?.version).toBe(second.version)

      sent.length = 0
      await client.syncKeys([key], 'idle')
      const cached = await fetch(syncUrl(nginx?.stale ?? '', [key]))
      expect(cached.headers.get('x-cache-status')).toBe('HIT')
      expect(((await cached.json()) as { changed: Record<string, { version: number }> }).changed[key].version).toBe(
        first.version,
      )
      // One GET for one sync, and the version the client holds stays the newer one.
      expect(sent).toEqual(['GET'])
      expect(client.getState(key).meta?.version).toBe(second.version)
      expect(client.getState(key).meta?.hash).toBe('new')
    } finally {
      client.destroy()
    }
  })

  it('asks again with POST when a cached answer is over 10 s old by its Age header', async () => {
    const { key, origin, sent, client } = await clientBehind(nginx?.aged, 'room:e', 'one')
    try {
      await client.syncKeys([key], 'mount')
      await client.syncKeys([key], 'idle') // fills the cache with version `first`
      const second = await updateThrough(origin, TOKEN, key, 'two')
      await everywhere(key, second.version)
      sent.length = 0
      await client.syncKeys([key], 'idle')
      // The cached answer says Age: 3600: one GET, then one POST past the cache, and the new version.
      expect(sent).toEqual(['GET', 'POST'])
      expect(client.getState(key).meta?.version).toBe(second.version)
    } finally {
      client.destroy()
    }
  })
})
