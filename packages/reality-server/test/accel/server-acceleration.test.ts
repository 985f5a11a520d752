import { PG_CONFIG, waitFor } from '@reality-internal/test-utils'
import { Redis } from 'ioredis'
import pg from 'pg'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createPostgresAccelerator,
  createRealityServer,
  createRedisAccelerator,
  type RealityServer,
  type RealityServerOptions,
} from '../../src'
import { createPgTable, type PgTable } from '../cluster/harness/postgres'
import { startRedisProcess } from '../cluster/harness/redis-process'
import { startTcpProxy } from '../cluster/harness/tcp-proxy'

/*
 * Two servers on one PostgreSQL table, each with an accelerator. With a refresh interval of a
 * minute only the accelerator can bring B an update from A within seconds, so these tests
 * tell acceleration from catch-up. Outages stop a redis-server of the test's own, or cut a
 * proxy in front of PostgreSQL for the LISTEN/NOTIFY accelerator.
 */

interface Backend {
  /** Options that plug an accelerator into a new server. */
  options(): Partial<RealityServerOptions> & { setup?: (server: RealityServer) => void }
  stop(): Promise<void>
  start(): Promise<void>
  dispose(): Promise<void>
}

const BACKENDS: Record<string, () => Promise<Backend>> = {
  'ioredis through the `redis: { publisher, subscriber, channel }` option': async () => {
    const redis = await startRedisProcess()
    const clients: Redis[] = []
    const client = (): Redis => {
      const created = new Redis({ port: redis.port, host: '127.0.0.1' })
      created.on('error', () => {})
      clients.push(created)
      return created
    }
    return {
      options: () => ({ redis: { publisher: client(), subscriber: client(), channel: 'reality:updates' } }),
      stop: redis.stop,
      start: redis.start,
      dispose: async () => {
        for (const created of clients) created.disconnect()
        await redis.stop()
      },
    }
  },
  'node-redis through setRedis(createRedisAccelerator({ redis }))': async () => {
    const redis = await startRedisProcess()
    const clients: { destroy(): void }[] = []
    return {
      options: () => ({
        setup: (server) => {
          const created = createClient({ url: redis.url })
          created.on('error', () => {})
          clients.push(created)
          server.setRedis(createRedisAccelerator({ redis: created, channel: 'reality:updates' }))
        },
      }),
      stop: redis.stop,
      start: redis.start,
      dispose: async () => {
        for (const created of clients) created.destroy()
        await redis.stop()
      },
    }
  },
  'PostgreSQL LISTEN/NOTIFY through the accelerator option': async () => {
    const proxy = await startTcpProxy(PG_CONFIG.port)
    const pools: pg.Pool[] = []
    return {
      options: () => {
        const pool = new pg.Pool({ ...PG_CONFIG, port: proxy.port, max: 2 })
        pool.on('error', () => {})
        pools.push(pool)
        return { accelerator: createPostgresAccelerator({ pool }) }
      },
      stop: proxy.stop,
      start: proxy.start,
      dispose: async () => {
        await Promise.all(pools.map((pool) => pool.end()))
        await proxy.stop()
      },
    }
  },
}

describe.each(Object.entries(BACKENDS))('acceleration: %s', (_name, setupBackend) => {
  let table: PgTable
  let backend: Backend
  const servers: RealityServer[] = []

  beforeAll(async () => {
    table = await createPgTable('accel')
    backend = await setupBackend()
  })

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()))
    await backend?.dispose()
    await table?.drop()
  })

  const errors: unknown[] = []
  const pair = (refreshInterval: number): [RealityServer, RealityServer] => {
    const make = (serverId: string): RealityServer => {
      const { setup, ...options } = backend.options()
      const server = createRealityServer(
        { serverId, refreshInterval, onError: (error) => errors.push(error), ...options },
        table.storage(),
      )
      setup?.(server)
      servers.push(server)
      return server
    }
    return [make(`a-${servers.length}`), make(`b-${servers.length}`)]
  }

  const connected = (...list: RealityServer[]): Promise<boolean> =>
    waitFor(
      async () => {
        for (const server of list) await server.handleSync({ known: {} }) // a request wakes on-demand reconnection
        const states = await Promise.all(list.map(async (server) => (await server.getStats()).accelerator?.state))
        return states.every((state) => state === 'connected')
      },
      { message: 'accelerators to connect', timeout: 15_000, every: 50 },
    )

  const seenOn = (server: RealityServer, key: string, version: number, timeout = 5000): Promise<unknown> =>
    waitFor(async () => (await server.handleSync({ known: { [key]: 0 } })).changed[key]?.version === version, {
      message: `${key}@${version} on ${server.serverId}`,
      timeout,
    })

  it('brings an update from A to B at once, long before B would catch up itself', async () => {
    const [a, b] = pair(60_000)
    await connected(a, b)
    await b.handleSync({ known: { 'fast:key': 0 } })
    const meta = await a.updateNode('fast:key', 'h1')
    await seenOn(b, 'fast:key', meta.version)
    expect((await b.getStats()).accelerator).toMatchObject({ state: 'connected' })
    expect((await b.getStats()).accelerator?.received).toBeGreaterThanOrEqual(1)
  })

  it('answers without errors while the backend is down from the start, and accelerates once it is back', async () => {
    await backend.stop()
    let a: RealityServer
    let b: RealityServer
    try {
      ;[a, b] = pair(60_000)
      await b.handleSync({ known: { 'late:key': 0 } })
      const first = await a.updateNode('late:key', 'h1')
      expect(first.hash).toBe('h1')
      // B answers, from a cache that is allowed to be a minute old here.
      expect((await b.handleSync({ known: { 'late:key': 0 } })).changed['late:key']).toBeUndefined()
      expect((await b.getStats()).accelerator?.state).not.toBe('connected')
    } finally {
      await backend.start()
    }
    await connected(a, b)
    // Reconnecting marks the cache stale: what was missed meanwhile arrives on the next sync.
    await seenOn(b, 'late:key', (await a.getNode('late:key'))?.version ?? -1)
    const second = await a.updateNode('late:key', 'h2')
    await seenOn(b, 'late:key', second.version)
  })

  it('keeps answering when the backend dies mid-run and converges within the refresh interval', async () => {
    const [a, b] = pair(200)
    await connected(a, b)
    const failuresBefore = (await b.getStats()).errors
    await backend.stop()
    try {
      const meta = await a.updateNode('outage:key', 'during')
      // Not accelerated now: B's own catch-up (every 200 ms) finds it.
      await seenOn(b, 'outage:key', meta.version, 3000)
      const stats = await b.getStats()
      expect(stats.syncsServed).toBeGreaterThan(0)
      expect(stats.cache?.failures).toBe(0)
    } finally {
      await backend.start()
    }
    await connected(a, b)
    const after = await a.updateNode('outage:key', 'after')
    await seenOn(b, 'outage:key', after.version)
    // The outage is reported, once, not as a stream of errors.
    expect((await b.getStats()).errors - failuresBefore).toBeLessThanOrEqual(2)
  })
})
