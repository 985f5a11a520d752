import { SQLStorage, type SQLStorageOptions, type SqlDialect } from '../sql'
import type { SqlQuery } from '../sql/executor'

/*
 * Drizzle has no driver-neutral way to run a parameterized string without importing
 * drizzle-orm, and this entry must load where drizzle-orm is not installed. So the adapter
 * reads the driver client the user gave Drizzle (`db.$client`) and runs SQLStorage's
 * statements through it: same connection pool, same statements and same table layout as SQLStorage
 * and Prisma. The Drizzle table definitions live in the `./drizzle` subpath.
 */

/** A Drizzle database: anything `drizzle(...)` returned (node-postgres, postgres.js, mysql2, better-sqlite3). */
export type DrizzleDatabase = object

/** Options of `createDrizzleStorage`: the database, and SQLStorage's options besides how to query. */
export interface DrizzleStorageOptions extends Omit<SQLStorageOptions, 'query' | 'executor' | 'dialect'> {
  /** The Drizzle database; the storage runs its statements through the driver client behind it (`db.$client`). */
  db: DrizzleDatabase
  /** Detected from the database object when omitted. */
  dialect?: SqlDialect
}

const ENTITY_KIND = Symbol.for('drizzle:entityKind')
const hasFunction = (value: unknown, name: string): boolean =>
  (typeof value === 'object' || typeof value === 'function') &&
  value !== null &&
  typeof (value as Record<string, unknown>)[name] === 'function'

/** The dialect from Drizzle's entity kinds along the prototype chain (PgDatabase, MySqlDatabase, …). */
const drizzleDialect = (db: DrizzleDatabase): SqlDialect => {
  for (let type = db.constructor; typeof type === 'function' && type !== Object; type = Object.getPrototypeOf(type)) {
    const kind = Object.hasOwn(type, ENTITY_KIND)
      ? String((type as unknown as Record<symbol, unknown>)[ENTITY_KIND])
      : ''
    if (kind === 'PgDatabase') return 'postgres'
    if (kind === 'MySqlDatabase') return 'mysql'
    if (kind === 'BaseSQLiteDatabase') return 'sqlite'
  }
  throw new TypeError('cannot tell the SQL dialect of this Drizzle database: pass `dialect`')
}

type Client = Record<string, (...args: unknown[]) => unknown>

/** An executor over the driver client behind a Drizzle database. */
const drizzleExecutor = (db: DrizzleDatabase, dialect: SqlDialect): SqlQuery => {
  let client = (db as { $client?: unknown }).$client as Client | undefined
  if (dialect === 'sqlite' && hasFunction(client, 'prepare')) {
    // better-sqlite3 (sync): readers return rows, writes a run result; bun:sqlite has no `reader`.
    return (sql, params) => {
      const statement = client?.prepare(sql) as Client & { reader?: boolean }
      return statement.reader === false ? statement.run(...params) : statement.all(...params)
    }
  }
  if (typeof client === 'function' && hasFunction(client, 'unsafe')) {
    return (sql, params) => client?.unsafe(sql, params) // postgres.js
  }
  if (hasFunction(client, 'promise') && !hasFunction(client, 'then')) client = client?.promise() as Client // mysql2 callback pool
  if (hasFunction(client, 'query')) return (sql, params) => client?.query(sql, params) // pg, mysql2
  throw new TypeError(
    'unsupported Drizzle driver (no $client with query/unsafe/prepare): use createSQLStorage with an executor',
  )
}

/**
 * Storage in your Drizzle database's connection, for PostgreSQL, MySQL/MariaDB or SQLite.
 * Creates the table on first use unless `createTable: false` (then migrate the definitions
 * from `@rootlodge/reality-server/drizzle` with drizzle-kit).
 *
 * @example
 * const storage = createDrizzleStorage({ db: drizzle(pool), dialect: 'postgres' })
 */
export const createDrizzleStorage = (options: DrizzleStorageOptions): SQLStorage => {
  const { db, dialect = drizzleDialect(options.db), ...rest } = options
  return new SQLStorage({ ...rest, dialect, query: drizzleExecutor(db, dialect) })
}

/**
 * Alias of `createDrizzleStorage({ db, ...options })`: the database first, options second.
 *
 * @example
 * const storage = createDrizzleAdapter(drizzle(postgres(process.env.DATABASE_URL)), { tableName: 'reality_nodes' })
 */
export const createDrizzleAdapter = (
  db: DrizzleDatabase,
  options: Omit<DrizzleStorageOptions, 'db'> = {},
): SQLStorage => createDrizzleStorage({ ...options, db })
