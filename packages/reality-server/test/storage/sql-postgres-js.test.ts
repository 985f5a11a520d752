import { PG_CONFIG } from '@reality-internal/test-utils'
import { createSQLStorage, SQLStorage } from '@rootlodge/reality-server'
import postgres from 'postgres'
import { afterAll, expect } from 'vitest'
import { runStorageConformance } from './conformance'
import { PG_URL, postgresJs, uniqueName, withPort } from './databases'
import { runOutageScenarios } from './outage'

const admin = postgresJs({ max: 1 })
afterAll(() => admin.end())

runStorageConformance('SQLStorage on PostgreSQL with postgres (porsager)', () => {
  const table = uniqueName('sqlpj')
  const [one, two] = [postgresJs(), postgresJs()]
  return {
    storage: new SQLStorage({
      query: (sql, params) => one.unsafe(sql, params as never[]),
      dialect: 'postgres',
      tableName: table,
    }),
    twin: createSQLStorage({
      executor: { query: (sql, params) => two.unsafe(sql, params as never[]) },
      dialect: 'postgres',
      tableName: table,
    }),
    cleanup: async () => {
      await one.unsafe(`DROP TABLE IF EXISTS "${table}"`)
      await Promise.all([one.end(), two.end()])
    },
  }
})

runOutageScenarios(
  'SQLStorage on PostgreSQL with postgres (porsager)',
  PG_CONFIG,
  (port) => {
    const table = uniqueName('outpj')
    const sql = postgres(withPort(PG_URL, port), {
      max: 2,
      connect_timeout: 2,
      onnotice: () => {},
      connection: { application_name: table },
    })
    return {
      storage: new SQLStorage({
        query: (text, params) => sql.unsafe(text, params as never[]),
        dialect: 'postgres',
        tableName: table,
        timeoutMs: 1500,
      }),
      close: async () => {
        await sql.end({ timeout: 1 })
        await admin.unsafe(`DROP TABLE IF EXISTS "${table}"`)
      },
      kill: async () => {
        const killed = await admin.unsafe(
          'SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = $1',
          [table],
        )
        expect(killed.length).toBeGreaterThan(0)
      },
    }
  },
  { kill: true },
)
