import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import mysql from 'mysql2/promise'
import pg from 'pg'
import postgres from 'postgres'

/*
 * Connections to the real databases on loopback (CI starts them) and unique table names, so
 * test files running at the same time on the same databases never see each other's rows.
 */

export const PG_URL = process.env.REALITY_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test'
export const MYSQL_URL = process.env.REALITY_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test'

/** `reality_<prefix>_<pid>_<random>`: unique across files and runs, a valid identifier everywhere. */
export const uniqueName = (prefix: string): string =>
  `reality_${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`

/** A node-postgres pool whose idle-client errors (a killed backend) are expected, not fatal. */
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
