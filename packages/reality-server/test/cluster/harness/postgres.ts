import { PG_CONFIG } from '@reality-internal/test-utils'
import pg from 'pg'
import { SQLStorage, type SQLStorageOptions } from '../../../src'

/** Counts the statements a storage runs, by kind, to show what a sync costs the database. */
export interface QueryCounter {
  total: number
  catchUps: number
  lookups: number
  reset(): void
}

/** A table of the test's own in the shared PostgreSQL, dropped by `drop()`. */
export interface PgTable {
  readonly name: string
  readonly pool: pg.Pool
  /** A storage on the table; with `counter`, every statement it runs is counted. */
  storage(options?: Partial<SQLStorageOptions> & { counter?: QueryCounter }): SQLStorage
  drop(): Promise<void>
}

let tables = 0

/** A unique table name (letters, digits, `_`; at most 48 characters). */
export const uniqueTableName = (prefix: string): string =>
  `${prefix}_${process.pid}_${Date.now().toString(36)}_${tables++}`.slice(0, 48)

export const createCounter = (): QueryCounter => {
  const counter: QueryCounter = {
    total: 0,
    catchUps: 0,
    lookups: 0,
    reset() {
      counter.total = 0
      counter.catchUps = 0
      counter.lookups = 0
    },
  }
  return counter
}

export const createPgTable = async (prefix: string): Promise<PgTable> => {
  const name = uniqueTableName(prefix)
  const pool = new pg.Pool({ ...PG_CONFIG, max: 6 })
  pool.on('error', () => {})
  return {
    name,
    pool,
    storage: ({ counter, ...options } = {}) =>
      new SQLStorage({
        dialect: 'postgres',
        tableName: name,
        ...options,
        query: async (sql, params) => {
          if (counter) {
            counter.total++
            if (sql.includes('"version" > $1')) counter.catchUps++
            if (sql.includes('ANY($1')) counter.lookups++
          }
          return (await pool.query(sql, params)).rows
        },
      }),
    drop: async () => {
      await pool.query(`DROP TABLE IF EXISTS "${name}"`)
      await pool.end()
    },
  }
}
