import { PG_CONFIG } from '@reality-internal/test-utils'
import { createSQLStorage, SQLStorage } from '@rootlodge/reality-server'
import { afterAll, expect } from 'vitest'
import { runStorageConformance } from './conformance'
import { dropTable, PG_URL, pgPool, pgQuery, uniqueName, withPort } from './databases'
import { runOutageScenarios } from './outage'

const admin = pgPool({ max: 1 })
afterAll(() => admin.end())

runStorageConformance('SQLStorage on PostgreSQL with pg', () => {
  const table = uniqueName('sqlpg')
  const [one, two] = [pgPool(), pgPool()]
  return {
    // Both spellings of the seeds: `new SQLStorage({ query })` and `createSQLStorage({ executor })`.
    storage: new SQLStorage({
      query: (sql, params) => one.query(sql, params).then((r) => r.rows),
      dialect: 'postgres',
      tableName: table,
    }),
    twin: createSQLStorage({ executor: { query: pgQuery(two) }, dialect: 'postgres', tableName: table }),
    cleanup: async () => {
      await Promise.all([one.end(), two.end()])
      await dropTable(pgQuery(admin), 'postgres', table)
    },
  }
})

runOutageScenarios(
  'SQLStorage on PostgreSQL with pg',
  PG_CONFIG,
  (port) => {
    const table = uniqueName('outpg')
    const application_name = table
    const pool = pgPool({ connectionString: withPort(PG_URL, port), connectionTimeoutMillis: 2000, application_name })
    return {
      storage: new SQLStorage({ query: pgQuery(pool), dialect: 'postgres', tableName: table, timeoutMs: 1500 }),
      close: async () => {
        await pool.end()
        await dropTable(pgQuery(admin), 'postgres', table)
      },
      kill: async () => {
        const sql = 'SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = $1'
        const killed = await admin.query(sql, [application_name])
        expect(killed.rows.length).toBeGreaterThan(0)
      },
    }
  },
  { kill: true },
)
