import { PG_CONFIG, waitFor } from '@reality-internal/test-utils'
import { Redis } from 'ioredis'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  type Accelerator,
  createPostgresAccelerator,
  createRealityServer,
  createRedisAccelerator,
  type RealityServer,
} from '../../src'
import { createPgTable, type PgTable } from '../cluster/harness/postgres'

/*
 * Anyone who can publish on the Redis channel, or any PostgreSQL login (it needs no privilege on
 * the table to call pg_notify), can send accelerator messages. On a shared storage they are hints:
 * they may make a server re-read a key, never decide its version or hash. Each test sends the
 * forged message for real and waits until both servers received it.
 */

const FORGED = (key: string): string => JSON.stringify({ o: 'evil', n: [[key, Number.MAX_SAFE_INTEGER, 'pwned', 0]] })

let table: PgTable
const servers: RealityServer[] = []
const cleanups: (() => Promise<unknown>)[] = []

beforeAll(async () => {
  table = await createPgTable('forged_accel')
})
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})
afterAll(async () => {
  await table?.drop()
})

const served = async (server: RealityServer, key: string): Promise<{ version: number; hash: string }> => {
  const entry = (await server.handleSync({ known: { [key]: 0 } })).changed[key]
  return { version: entry?.version ?? 0, hash: entry?.hash ?? '' }
}

/** Two servers on the table, refresh interval of a minute: only a hint can explain a fast update. */
const pair = async (accelerator: () => Accelerator): Promise<RealityServer[]> => {
  const made = ['a', 'b'].map((id) =>
    createRealityServer(
      { serverId: `${id}-${servers.length}`, refreshInterval: 60_000, accelerator: accelerator() },
      table.storage(),
    ),
  )
  servers.push(...made)
  await waitFor(
    async () => {
      for (const server of made) await server.handleSync({ known: {} })
      const states = await Promise.all(made.map(async (server) => (await server.getStats()).accelerator?.state))
      return states.every((state) => state === 'connected')
    },
    { message: 'accelerators connected', timeout: 15_000 },
  )
  return made
}

const received = async (server: RealityServer): Promise<number> => (await server.getStats()).accelerator?.received ?? 0

/** Sends a forged message and waits until both servers received it and re-read what it names. */
const forge = async (list: RealityServer[], send: () => Promise<unknown>): Promise<void> => {
  const before = await Promise.all(list.map(received))
  const reads = await Promise.all(list.map(async (server) => (await server.getStats()).cache?.hintReads ?? 0))
  await send()
  await waitFor(
    async () => {
      const now = await Promise.all(list.map(received))
      const hinted = await Promise.all(list.map(async (server) => (await server.getStats()).cache?.hintReads ?? 0))
      return now.every((n, i) => n > before[i]) && hinted.every((n, i) => n > reads[i])
    },
    { message: 'the forged message received and re-read by both servers' },
  )
}

const attack = async (list: RealityServer[], key: string, send: (payload: string) => Promise<unknown>) => {
  const [a, b] = list
  const real = await a.updateNode(key, 'real')
  // The hint still accelerates: B sees A's write within seconds, not after a minute.
  await waitFor(async () => (await served(b, key)).version === real.version, { message: `${key} on B` })
  await forge(list, () => send(FORGED(key)))
  for (const server of list) expect(await served(server, key)).toEqual({ version: real.version, hash: 'real' })
  // A real update after the forged one is seen everywhere.
  const next = await b.updateNode(key, 'after')
  await waitFor(
    async () => (await Promise.all(list.map((server) => served(server, key)))).every((v) => v.hash === 'after'),
    { message: `${key}@${next.version} everywhere` },
  )
}

describe('forged accelerator messages are hints, never data', () => {
  it('Redis: PUBLISH of a huge version and hash changes nothing a client sees', async () => {
    const channel = `reality:forged:${process.pid}:${Date.now()}`
    const redis = (): Redis => {
      const client = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: false })
      client.on('error', () => {})
      cleanups.push(async () => client.disconnect())
      return client
    }
    const list = await pair(() => createRedisAccelerator({ redis: redis(), channel }))
    const intruder = redis()
    await attack(list, 'doc:redis', (payload) => intruder.publish(channel, payload))
  })

  it('PostgreSQL: pg_notify from a login without any privilege on the table changes nothing', async () => {
    const channel = `reality_forged_${process.pid}_${Date.now()}`
    const role = `reality_intruder_${process.pid}_${Date.now().toString(36)}`
    const admin = new pg.Client(PG_CONFIG)
    await admin.connect()
    await admin.query(`CREATE ROLE "${role}" LOGIN`)
    cleanups.push(async () => {
      await admin.query(`DROP ROLE IF EXISTS "${role}"`)
      await admin.end()
    })
    const list = await pair(() => {
      const pool = new pg.Pool({ ...PG_CONFIG, max: 2 })
      pool.on('error', () => {})
      cleanups.push(() => pool.end())
      return createPostgresAccelerator({ pool, channel })
    })
    const intruder = new pg.Client({ ...PG_CONFIG, user: role })
    await intruder.connect()
    cleanups.push(() => intruder.end())
    // The role really has no access to the data.
    await expect(intruder.query(`SELECT * FROM "${table.name}"`)).rejects.toThrow(/permission denied/)
    await attack(list, 'doc:pg', (payload) => intruder.query('SELECT pg_notify($1, $2)', [channel, payload]))
  })
})
