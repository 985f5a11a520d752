import { PG_CONFIG, waitFor } from '@reality-internal/test-utils'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRealityServer, type RealityServer, SQLStorage } from '../../src'
import { createPgTable, type PgTable } from '../cluster/harness/postgres'
import { startTcpProxy, type TcpProxy } from '../cluster/harness/tcp-proxy'

/*
 * A write that failed must not appear later, out of order. The writer reaches PostgreSQL
 * through a proxy that starts holding its traffic just as the node upsert is sent: the writer
 * gives up (503) while the statement is on its way, the reader's catch-up cursor moves past its
 * version, then the upsert commits. Once the storage answers the writer again, every server
 * must report what the database holds.
 */

let table: PgTable
let proxy: TcpProxy
const servers: RealityServer[] = []
const pools: pg.Pool[] = []

beforeAll(async () => {
  table = await createPgTable('late_write')
  proxy = await startTcpProxy(PG_CONFIG.port)
})
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()))
  await Promise.all(pools.map((pool) => pool.end()))
  await proxy?.stop()
  await table?.drop()
})

const hashOn = async (server: RealityServer, key: string): Promise<string | undefined> =>
  (await server.handleSync({ known: { [key]: 0 } })).changed[key]?.hash

describe('a write that timed out and committed late', () => {
  it('reaches every server once the storage is back', async () => {
    const pool = new pg.Pool({ ...PG_CONFIG, port: proxy.port, max: 3 })
    pool.on('error', () => {})
    pools.push(pool)
    let held = false
    const writerStorage = new SQLStorage({
      dialect: 'postgres',
      tableName: table.name,
      timeoutMs: 500,
      query: async (sql, params) => {
        // The first upsert of the late value is the statement the network holds back.
        if (!held && params?.includes('v2-late')) {
          held = true
          proxy.delay(2500)
        }
        return (await pool.query(sql, params)).rows
      },
    })
    const writer = createRealityServer({ serverId: 'writer', refreshInterval: 50, onError: () => {} }, writerStorage)
    const reader = createRealityServer({ serverId: 'reader', refreshInterval: 50 }, table.storage())
    servers.push(writer, reader)

    await writer.updateNode('doc:late', 'v1')
    await waitFor(async () => (await hashOn(reader, 'doc:late')) === 'v1', { message: 'v1 on the reader' })
    await expect(writer.updateNode('doc:late', 'v2-late')).rejects.toMatchObject({ status: 503 })

    // Meanwhile the reader keeps serving and sees newer writes, so its cursor passes v2's version.
    const stored = async (): Promise<string | undefined> =>
      (await table.pool.query(`SELECT hash FROM "${table.name}" WHERE key = $1`, ['doc:late'])).rows[0]?.hash
    let n = 0
    await waitFor(
      async () => {
        await reader.updateNode('doc:other', `o${n++}`)
        await reader.handleSync({ known: { 'doc:late': 0, 'doc:other': 0 } })
        return (await stored()) === 'v2-late'
      },
      { message: 'the late upsert committed', timeout: 15_000, every: 100 },
    )
    proxy.delay(0)
    // The storage is back: the writer's next requests find the late commit and repair it.
    await waitFor(
      async () => {
        await writer.handleSync({ known: {} })
        return (await hashOn(reader, 'doc:late')) === 'v2-late' && (await hashOn(writer, 'doc:late')) === 'v2-late'
      },
      { message: 'v2-late on both servers', timeout: 15_000, every: 100 },
    )
    const row = await table.storage().getNode('doc:late')
    expect(row?.hash).toBe('v2-late')
  })
})
