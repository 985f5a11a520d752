import { MYSQL_CONFIG } from '@reality-internal/test-utils'
import { createSQLStorage, SQLStorage } from '@rootlodge/reality-server'
import { afterAll } from 'vitest'
import { runStorageConformance } from './conformance'
import { dropTable, MYSQL_URL, mysqlPool, mysqlQuery, uniqueName, withPort } from './databases'
import { runOutageScenarios } from './outage'

const admin = mysqlPool({ connectionLimit: 1 })
afterAll(() => admin.end())

runStorageConformance('SQLStorage on MariaDB with mysql2', () => {
  const table = uniqueName('sqlmy')
  const [one, two] = [mysqlPool(), mysqlPool()]
  return {
    storage: new SQLStorage({ query: mysqlQuery(one), dialect: 'mysql', tableName: table }),
    // mysql2's own tuple `[rows, fields]` is understood too.
    twin: createSQLStorage({
      executor: { query: (sql, params) => two.execute(sql, params as never[]) },
      dialect: 'mysql',
      tableName: table,
    }),
    cleanup: async () => {
      await dropTable(mysqlQuery(one), 'mysql', table)
      await Promise.all([one.end(), two.end()])
    },
  }
})

runOutageScenarios('SQLStorage on MariaDB with mysql2', MYSQL_CONFIG, (port) => {
  const table = uniqueName('outmy')
  const pool = mysqlPool({ uri: withPort(MYSQL_URL, port), connectTimeout: 2000 })
  return {
    storage: new SQLStorage({ query: mysqlQuery(pool), dialect: 'mysql', tableName: table, timeoutMs: 1500 }),
    close: async () => {
      await pool.end()
      await dropTable(mysqlQuery(admin), 'mysql', table)
    },
  }
})
