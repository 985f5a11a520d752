import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MYSQL_URL, PG_URL, waitFor } from '@reality-internal/test-utils'
import Database from 'better-sqlite3'
import mysql from 'mysql2/promise'
import pg from 'pg'
import postgres from 'postgres'

/*
 * Connections to the real databases on loopback (CI starts them) and unique table names, so
 * test files running at the same time on the same databases never see each other's rows.
 */

export { MYSQL_URL, PG_URL }

/** `reality_<prefix>_<pid>_<random>`: unique across files and runs, a valid identifier everywhere. */
export const uniqueName = (prefix: string): string =>
  `reality_${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`

/**
 * A node-postgres pool whose idle-client errors (a killed backend) are expected, not fatal: without a listener, pg
 * raises them as an uncaught exception that fails the whole run.
 */
export const pgPool = (options: pg.PoolConfig = {}): pg.Pool => {
  const pool = new pg.Pool({ connectionString: PG_URL, max: 4, ...options })
  pool.on('error', () => {})
  return pool
}

export const pgQuery = (pool: pg.Pool) => (sql: string, params: unknown[]) =>
  pool.query(sql, params).then((result) => result.rows)

export const postgresJs = (options: postgres.Options<Record<string, never>> = {}) =>
  postgres(PG_URL, { max: 4, onnotice: () => {}, ...options })

export const mysqlPool = (options: mysql.PoolOptions = {}): mysql.Pool =>
  mysql.createPool({ uri: MYSQL_URL, connectionLimit: 4, ...options })

/** mysql2: rows for reads, the result header (insertId, affectedRows) for writes. */
export const mysqlQuery = (pool: mysql.Pool) => (sql: string, params: unknown[]) =>
  pool.query(sql, params).then(([result]) => result)

/** A scratch directory for SQLite files, removed by the returned function. */
export const tempDir = (): { dir: string; remove: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), 'reality-sqlite-'))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** better-sqlite3 as an executor: readers return rows, writes their run result. */
export const sqliteQuery = (db: Database.Database) => (sql: string, params: unknown[]) => {
  const statement = db.prepare(sql)
  return statement.reader ? statement.all(...params) : statement.run(...params)
}

export const openSqlite = (file: string): Database.Database => {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('busy_timeout = 10000')
  return db
}

/** Drops a table through an executor; quoted per dialect. */
export const dropTable = async (
  query: (sql: string, params: unknown[]) => unknown,
  dialect: 'postgres' | 'mysql' | 'sqlite',
  table: string,
): Promise<void> => {
  const quote = dialect === 'mysql' ? '`' : '"'
  await query(`DROP TABLE IF EXISTS ${quote}${table}${quote}`, [])
}

/** `url` with its port replaced: the storage then reaches the database through a proxy. */
export const withPort = (url: string, port: number): string => {
  const parsed = new URL(url)
  parsed.port = String(port)
  return parsed.toString()
}

/** A PostgreSQL database of its own for one test file: `url` reaches it, `drop` removes it. */
export interface TempPgDatabase {
  name: string
  url: string
  /**
   * Waits until no session is left on the database, then drops it. Call it after ending every pool and client on
   * it: `pool.end()` resolves before its connections are closed, and a backend terminated by a forced drop sends
   * 57P01 to a client that may still be reading. A session still there after `timeout` fails with who holds it.
   */
  drop(timeout?: number): Promise<void>
}

export const createTempPgDatabase = async (admin: pg.Pool, prefix: string): Promise<TempPgDatabase> => {
  const name = uniqueName(prefix)
  await admin.query(`CREATE DATABASE "${name}"`)
  const url = new URL(PG_URL)
  url.pathname = `/${name}`
  const sessions = async () =>
    (
      await admin.query<{ application_name: string; state: string | null; query: string }>(
        'SELECT application_name, state, query FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      )
    ).rows
  return {
    name,
    url: url.toString(),
    drop: async (timeout = 10_000) => {
      let left: Awaited<ReturnType<typeof sessions>> = []
      await waitFor(
        async () => {
          left = await sessions()
          return left.length === 0
        },
        { timeout, message: `the sessions on ${name} to close` },
      ).catch(() => {
        throw new Error(`${left.length} session(s) still open on ${name}: ${JSON.stringify(left)}`)
      })
      await admin.query(`DROP DATABASE IF EXISTS "${name}"`)
    },
  }
}
