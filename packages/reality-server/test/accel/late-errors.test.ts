import { PG_CONFIG, waitFor } from '@reality-internal/test-utils'
import pg from 'pg'
import { createClient } from 'redis'
import { afterEach, describe, expect, it } from 'vitest'
import { createPostgresAccelerator, createRealityServer, createRedisAccelerator, type PgPoolLike } from '../../src'
import { startRedisProcess } from '../cluster/harness/redis-process'

/*
 * A connection the accelerator dropped or tore down can still report an error late (an ECONNRESET after `end`). An
 * 'error' event nobody listens to crashes a Node process, so the connections the accelerator holds keep a listener
 * for good. Real PostgreSQL and a real redis-server; the late error is emitted by the test, since when the kernel
 * delivers one is not something a test can schedule.
 */
describe('late connection errors after an accelerator let go', () => {
  const cleanup: (() => Promise<unknown>)[] = []
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step()
  })

  it('PostgreSQL: the LISTEN connection, once lost, still has an error listener', async () => {
    // A pool of plain pg.Clients, as PgPoolLike allows: unlike pg.Pool, its release re-attaches no listener of its own.
    const clients: pg.Client[] = []
    const pool: PgPoolLike = {
      connect: async () => {
        const client = new pg.Client(PG_CONFIG)
        await client.connect()
        clients.push(client)
        return Object.assign(client, { release: () => void client.end().catch(() => {}) })
      },
      query: async () => undefined,
    }
    cleanup.push(() => Promise.all(clients.map((client) => client.end().catch(() => {}))))
    const server = createRealityServer({ serverId: 'late-pg' })
    cleanup.push(() => server.close())
    server.setAccelerator(createPostgresAccelerator({ pool }))
    await waitFor(() => clients[0]?.listenerCount('notification') > 0, { message: 'LISTEN running' })
    const client = clients[0]
    client.emit('end') // the connection is lost; the accelerator lets it go
    expect(client.listenerCount('notification')).toBe(0)
    expect(() =>
      client.emit('error', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })),
    ).not.toThrow()
  })

  it('Redis: the subscriber it duplicated, once closed, still has an error listener', async () => {
    const redis = await startRedisProcess()
    cleanup.push(() => redis.stop())
    const client = createClient({ url: redis.url })
    client.on('error', () => {})
    cleanup.push(async () => client.destroy())
    const duplicates: ReturnType<typeof client.duplicate>[] = []
    const duplicate = client.duplicate.bind(client)
    client.duplicate = ((...args: Parameters<typeof client.duplicate>) => {
      const copy = duplicate(...args)
      duplicates.push(copy)
      return copy
    }) as typeof client.duplicate
    const server = createRealityServer({ serverId: 'late-redis' })
    server.setRedis(createRedisAccelerator({ redis: client, channel: 'late:errors' }))
    await waitFor(() => duplicates.length === 1 && duplicates[0].isReady, { message: 'the subscriber' })
    await server.close()
    expect(() => duplicates[0].emit('error', new Error('read ECONNRESET'))).not.toThrow()
  })
})
