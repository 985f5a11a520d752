import { MYSQL_CONFIG } from '@reality-internal/test-utils'
import mysql from 'mysql2/promise'
import { SQLStorage } from '../../../src'
import { type PgTable, uniqueTableName } from './postgres'

/** A table of the test's own in the shared MariaDB, dropped by `drop()`; the same surface as `PgTable`. */
export type MysqlTable = Omit<PgTable, 'pool'> & { readonly pool: mysql.Pool }

export const createMysqlTable = async (prefix: string): Promise<MysqlTable> => {
  const name = uniqueTableName(prefix)
  const pool = mysql.createPool({ ...MYSQL_CONFIG, connectionLimit: 6 })
  return {
    name,
    pool,
    storage: ({ counter, ...options } = {}) =>
      new SQLStorage({
        dialect: 'mysql',
        tableName: name,
        ...options,
        query: async (sql, params) => {
          if (counter) {
            counter.total++
            if (sql.includes('`version` > ?')) counter.catchUps++
            if (sql.includes('`key` IN (')) counter.lookups++
          }
          // Rows for reads, the result header (insertId) for the counter's UPDATE.
          return (await pool.query(sql, params))[0]
        },
      }),
    drop: async () => {
      await pool.query(`DROP TABLE IF EXISTS \`${name}\``)
      await pool.end()
    },
  }
}
