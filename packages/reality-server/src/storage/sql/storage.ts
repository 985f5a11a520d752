import type { RealityNodeMeta } from '@rootlodge/reality/types'
import { type Clock, probe, retry, systemClock, withTimeout } from '../../timing'
import type { RealityStorage } from '../types'
import { COUNTER_KEY, IN_LIST_CHUNK, type SqlDialect, type SqlStatements, sqlStatements } from './dialects'
import { headerOf, rowsOf, type SqlExecutor, type SqlQuery, type SqlRow, toNumber, toText } from './executor'

/** Options of `new SQLStorage()` and `createSQLStorage`: how to run a statement (`query` or `executor`) and the dialect. */
export interface SQLStorageOptions {
  /** Runs one statement: `(sql, params) => pool.query(sql, params).then((r) => r.rows)`. */
  query?: SqlQuery
  /** The same as `query`, as an object: `{ executor: { query } }`. */
  executor?: SqlExecutor
  /** Which SQL to write: `postgres`, `mysql` or `sqlite`. */
  dialect: SqlDialect
  /** Table holding the metadata (default `reality_nodes`); `schema.table` allowed. */
  tableName?: string
  /** Create the table and index on first use (default true); false when migrations own the schema. */
  createTable?: boolean
  /** Longest wait for one statement before the storage reports failure (default 5,000 ms). */
  timeoutMs?: number
  /** Wall clock in ms that floors new versions (tests inject one). */
  now?: () => number
  /** Timers of the request timeouts (tests pass a fake one). */
  clock?: Clock
}

const toMeta = (row: SqlRow): RealityNodeMeta => ({
  key: toText(row.key),
  version: toNumber(row.version),
  hash: toText(row.hash),
  updatedAt: toNumber(row.updated_at),
})

/**
 * Storage in one SQL table (PostgreSQL, MySQL/MariaDB or SQLite) through any driver: you pass
 * a function that runs a parameterized statement. Several servers share one table safely; the
 * global version is one atomic counter row, floored by the wall clock like `MemoryStorage`, so
 * versions never go backwards when an app moves from memory to SQL.
 *
 * @example
 * const pool = new Pool({ connectionString: process.env.DATABASE_URL })
 * const storage = new SQLStorage({
 *   query: (sql, params) => pool.query(sql, params).then((r) => r.rows),
 *   dialect: 'postgres',
 * })
 */
export class SQLStorage implements RealityStorage {
  /** The dialect its statements are written in. */
  readonly dialect: SqlDialect
  /** The table it uses. */
  readonly tableName: string
  readonly #query: SqlQuery
  readonly #sql: SqlStatements
  readonly #createTable: boolean
  readonly #timeoutMs: number
  readonly #now: () => number
  readonly #clock: Clock
  #ready: Promise<void> | undefined
  #schemaReady = false
  /** Greatest version this instance knows the counter has reached; setNode lifts it past others. */
  #counterFloor = 0

  constructor(options: SQLStorageOptions) {
    const query = options.query ?? options.executor?.query
    if (typeof query !== 'function') {
      throw new TypeError('SQLStorage needs `query: (sql, params) => rows` or `executor: { query }`')
    }
    this.#query = options.query ? options.query : (sql, params) => options.executor?.query(sql, params)
    this.dialect = options.dialect
    this.tableName = options.tableName ?? 'reality_nodes'
    this.#sql = sqlStatements(options.dialect, this.tableName)
    this.#createTable = options.createTable ?? true
    this.#timeoutMs = options.timeoutMs ?? 5000
    this.#now = options.now ?? Date.now
    this.#clock = options.clock ?? systemClock
  }

  /** Creates the table, its version index and the counter row if missing. Idempotent. */
  async ensureSchema(): Promise<void> {
    // Two servers starting at once may race on CREATE TABLE IF NOT EXISTS (PostgreSQL reports
    // a duplicate type); the second attempt then finds the table.
    await retry(
      async () => {
        const { schema } = this.#sql
        // The last statement inserts the counter row; its key is the one parameter.
        for (const [i, statement] of schema.entries()) {
          await this.#exec(statement, i === schema.length - 1 ? [COUNTER_KEY] : [])
        }
      },
      { retries: 2 },
    )
  }

  async getNode(key: string): Promise<RealityNodeMeta | null> {
    if (!this.#storable(key)) return null
    const rows = rowsOf(await this.#run(this.#sql.getNode, [key]))
    return rows.length ? toMeta(rows[0]) : null
  }

  async getNodes(keys: string[]): Promise<Map<string, RealityNodeMeta>> {
    const out = new Map<string, RealityNodeMeta>()
    const wanted = [...new Set(keys)].filter((key) => this.#storable(key))
    if (wanted.length === 0) return out
    const batches: unknown[][] =
      this.dialect === 'postgres'
        ? [[wanted]]
        : Array.from({ length: Math.ceil(wanted.length / IN_LIST_CHUNK) }, (_, i) =>
            wanted.slice(i * IN_LIST_CHUNK, (i + 1) * IN_LIST_CHUNK),
          )
    const results = await Promise.all(batches.map((params) => this.#run(this.#sql.getNodes(params.length), params)))
    for (const result of results) {
      for (const row of rowsOf(result)) {
        const meta = toMeta(row)
        out.set(meta.key, meta)
      }
    }
    return out
  }

  async setNode(key: string, meta: RealityNodeMeta): Promise<void> {
    if (!this.#storable(key)) throw new TypeError(`key ${JSON.stringify(key)} cannot be stored in ${this.dialect}`)
    await this.#run(this.#sql.setNode, [key, meta.version, meta.hash, meta.updatedAt])
    if (meta.version > this.#counterFloor) {
      // A version not issued here (a peer's, an import): lift the counter so it is never reissued.
      await this.#run(this.#sql.raise, this.#counterParams(meta.version))
      this.#counterFloor = meta.version
    }
  }

  async incrementVersion(_key: string): Promise<number> {
    const now = this.#now()
    const params = this.#counterParams(Math.floor(now) * 1000, now)
    let version: number
    if (this.dialect === 'mysql') {
      let header = headerOf(await this.#run(this.#sql.increment, params))
      if (header && toNumber(header.affectedRows ?? 1) === 0) {
        await this.#run(this.#sql.insertCounter, [COUNTER_KEY])
        header = headerOf(await this.#run(this.#sql.increment, params))
      }
      if (header?.insertId === undefined) {
        throw new TypeError(
          "SQLStorage (mysql): the executor must return the driver's result for UPDATE statements " +
            '(mysql2: `(sql, params) => pool.query(sql, params).then(([result]) => result)`)',
        )
      }
      version = toNumber(header.insertId)
    } else {
      version = toNumber(rowsOf(await this.#run(this.#sql.increment, params))[0]?.version)
    }
    if (version > this.#counterFloor) this.#counterFloor = version
    return version
  }

  async listChangedSince(version: number): Promise<RealityNodeMeta[]> {
    return rowsOf(await this.#run(this.#sql.listChangedSince, [version, COUNTER_KEY])).map(toMeta)
  }

  async getMaxVersion(): Promise<number> {
    const rows = rowsOf(await this.#run(this.#sql.maxVersion, [COUNTER_KEY]))
    const max = rows.length ? toNumber(rows[0].version) : 0
    if (max > this.#counterFloor) this.#counterFloor = max
    return max
  }

  async deleteNode(key: string): Promise<void> {
    if (!this.#storable(key)) return
    await this.#run(this.#sql.deleteNode, [key])
  }

  async isHealthy(): Promise<boolean> {
    return probe(() => this.#run(this.#sql.health, []), this.#timeoutMs, this.#clock)
  }

  // The counter row's key '' is never a node; PostgreSQL text cannot hold U+0000.
  #storable(key: string): boolean {
    return key !== COUNTER_KEY && !(this.dialect === 'postgres' && key.includes('\u0000'))
  }

  #counterParams(version: number, now = this.#now()): unknown[] {
    return this.dialect === 'mysql' ? [version, Math.floor(now), COUNTER_KEY] : [COUNTER_KEY, version, Math.floor(now)]
  }

  async #run(sql: string, params: unknown[]): Promise<unknown> {
    if (this.#createTable && !this.#schemaReady) {
      this.#ready ??= this.ensureSchema().catch((error) => {
        this.#ready = undefined // retried by the next call, e.g. once the database is back
        throw error
      })
      await withTimeout(this.#ready, this.#timeoutMs, 'SQLStorage schema setup', this.#clock)
      this.#schemaReady = true
    }
    return this.#exec(sql, params)
  }

  #exec(sql: string, params: unknown[]): Promise<unknown> {
    return withTimeout(
      Promise.resolve().then(() => this.#query(sql, params)),
      this.#timeoutMs,
      'SQLStorage query',
      this.#clock,
    )
  }
}

/**
 * Alias of `new SQLStorage(options)`; like it, takes `{ executor: { query } }` or `{ query }`.
 *
 * @example
 * const storage = createSQLStorage({
 *   executor: { query: (sql, params) => pool.query(sql, params).then((r) => r.rows) },
 *   dialect: 'postgres',
 * })
 */
export const createSQLStorage = (options: SQLStorageOptions): SQLStorage => new SQLStorage(options)
