/*
 * The statements SQLStorage runs, per dialect. One table holds every key's metadata plus one
 * reserved row, key '' (the protocol forbids empty keys), whose version is the table's global
 * version counter. Keeping the counter in the same table keeps SQLStorage, Drizzle and Prisma
 * on one interchangeable layout: a Prisma user pastes a single model.
 *
 *   key (PK)  version  hash  updated_at
 *   ''        1795…042 ''    1795…   ← counter: greatest version issued
 *   'posts'   1795…017 'a1'  1795…
 *
 * Every value travels as a parameter; only the table name, validated below, is spliced in.
 */

/** The SQL dialects `SQLStorage` speaks: PostgreSQL, MySQL/MariaDB, SQLite (D1 included). */
export type SqlDialect = 'postgres' | 'mysql' | 'sqlite'

/** Key of the reserved counter row. */
export const COUNTER_KEY = ''

/** Keys per `IN (...)` list for dialects without array parameters. */
export const IN_LIST_CHUNK = 1000

export interface SqlStatements {
  /** DDL, then the insert of the counter row; each statement idempotent. */
  schema: string[]
  getNode: string
  /** PostgreSQL takes one array parameter; the others one placeholder per key. */
  getNodes: (count: number) => string
  /** Params: key, version, hash, updatedAt. Never lowers a stored version. */
  setNode: string
  /**
   * Issues the next version. Params: counter key, floor (wall clock in µs), updatedAt.
   * PostgreSQL and SQLite return it as a row; MySQL through the write header's insertId.
   */
  increment: string
  /** Lifts the counter to at least a version written by setNode. Params: counter key, version, updatedAt. */
  raise: string
  /** MySQL only: creates the counter row when a hand-made schema lacks it. Param: counter key. */
  insertCounter: string
  /** Params: version, counter key. */
  listChangedSince: string
  /** Param: counter key. */
  maxVersion: string
  deleteNode: string
  health: string
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,47}(\.[A-Za-z_][A-Za-z0-9_]{0,47})?$/

/** Checks a configured table name: letters, digits and `_`, optionally `schema.table`. */
export const validateTableName = (name: string): string => {
  if (!NAME.test(name)) {
    throw new TypeError(
      `invalid table name ${JSON.stringify(name)}: use letters, digits and _ (at most 48), optionally schema.table`,
    )
  }
  return name
}

const quoted = (name: string, quote: string): { table: string; index: string; indexQualified: string } => {
  const parts = name.split('.')
  const base = parts[parts.length - 1]
  const index = `${quote}${base}_version_idx${quote}`
  return {
    table: parts.map((part) => `${quote}${part}${quote}`).join('.'),
    index,
    indexQualified: parts.length === 2 ? `${quote}${parts[0]}${quote}.${index}` : index,
  }
}

const placeholders = (count: number, from = 1, style: 'dollar' | 'question' = 'question'): string =>
  Array.from({ length: count }, (_, i) => (style === 'dollar' ? `$${from + i}` : '?')).join(', ')

const postgres = (name: string): SqlStatements => {
  const { table: t, index } = quoted(name, '"')
  const cols = '"key", "version", "hash", "updated_at"'
  return {
    schema: [
      `CREATE TABLE IF NOT EXISTS ${t} ("key" text PRIMARY KEY, "version" bigint NOT NULL, "hash" text NOT NULL, "updated_at" bigint NOT NULL)`,
      `CREATE INDEX IF NOT EXISTS ${index} ON ${t} ("version")`,
      `INSERT INTO ${t} (${cols}) VALUES ($1, 0, '', 0) ON CONFLICT ("key") DO NOTHING`,
    ],
    getNode: `SELECT ${cols} FROM ${t} WHERE "key" = $1`,
    getNodes: () => `SELECT ${cols} FROM ${t} WHERE "key" = ANY($1::text[])`,
    setNode:
      `INSERT INTO ${t} AS n (${cols}) VALUES ($1, $2, $3, $4) ON CONFLICT ("key") DO UPDATE SET ` +
      `"version" = EXCLUDED."version", "hash" = EXCLUDED."hash", "updated_at" = EXCLUDED."updated_at" ` +
      `WHERE n."version" <= EXCLUDED."version"`,
    increment:
      `INSERT INTO ${t} AS n (${cols}) VALUES ($1, $2, '', $3) ON CONFLICT ("key") DO UPDATE SET ` +
      `"version" = GREATEST(n."version" + 1, EXCLUDED."version"), "updated_at" = EXCLUDED."updated_at" RETURNING "version"`,
    raise:
      `INSERT INTO ${t} AS n (${cols}) VALUES ($1, $2, '', $3) ON CONFLICT ("key") DO UPDATE SET ` +
      `"version" = GREATEST(n."version", EXCLUDED."version")`,
    insertCounter: `INSERT INTO ${t} (${cols}) VALUES ($1, 0, '', 0) ON CONFLICT ("key") DO NOTHING`,
    listChangedSince: `SELECT ${cols} FROM ${t} WHERE "version" > $1 AND "key" <> $2 ORDER BY "version"`,
    maxVersion: `SELECT "version" FROM ${t} WHERE "key" = $1`,
    deleteNode: `DELETE FROM ${t} WHERE "key" = $1`,
    health: 'SELECT 1 AS ok',
  }
}

const mysql = (name: string): SqlStatements => {
  const { table: t, index } = quoted(name, '`')
  const cols = '`key`, `version`, `hash`, `updated_at`'
  // VARBINARY keys compare byte for byte: utf8mb4 collations would fold case, accents and
  // (PAD SPACE) trailing spaces, making distinct keys collide.
  return {
    schema: [
      `CREATE TABLE IF NOT EXISTS ${t} (\`key\` VARBINARY(1024) NOT NULL, \`version\` BIGINT NOT NULL, ` +
        '`hash` TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL, `updated_at` BIGINT NOT NULL, ' +
        `PRIMARY KEY (\`key\`), KEY ${index} (\`version\`)) ENGINE=InnoDB`,
      `INSERT IGNORE INTO ${t} (${cols}) VALUES (?, 0, '', 0)`,
    ],
    getNode: `SELECT ${cols} FROM ${t} WHERE \`key\` = ?`,
    getNodes: (count) => `SELECT ${cols} FROM ${t} WHERE \`key\` IN (${placeholders(count)})`,
    // Assignments run left to right: hash and updated_at compare against the old version first.
    setNode:
      `INSERT INTO ${t} (${cols}) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE ` +
      '`hash` = IF(VALUES(`version`) >= `version`, VALUES(`hash`), `hash`), ' +
      '`updated_at` = IF(VALUES(`version`) >= `version`, VALUES(`updated_at`), `updated_at`), ' +
      '`version` = GREATEST(`version`, VALUES(`version`))',
    // No RETURNING in MySQL: LAST_INSERT_ID(expr) puts the new value in this statement's own
    // result header (insertId), so it works over a pool without a session variable.
    increment:
      `UPDATE ${t} SET \`version\` = LAST_INSERT_ID(GREATEST(\`version\` + 1, ?)), \`updated_at\` = ? ` +
      'WHERE `key` = ?',
    raise: `UPDATE ${t} SET \`version\` = GREATEST(\`version\`, ?), \`updated_at\` = ? WHERE \`key\` = ?`,
    insertCounter: `INSERT IGNORE INTO ${t} (${cols}) VALUES (?, 0, '', 0)`,
    listChangedSince: `SELECT ${cols} FROM ${t} WHERE \`version\` > ? AND \`key\` <> ? ORDER BY \`version\``,
    maxVersion: `SELECT \`version\` FROM ${t} WHERE \`key\` = ?`,
    deleteNode: `DELETE FROM ${t} WHERE \`key\` = ?`,
    health: 'SELECT 1 AS ok',
  }
}

const sqlite = (name: string): SqlStatements => {
  const { table: t, indexQualified } = quoted(name, '"')
  const base = quoted(name.split('.').pop() as string, '"').table
  const cols = '"key", "version", "hash", "updated_at"'
  // CASTs: a JS number may bind as REAL; versions must stay INTEGER to compare and return exactly.
  return {
    schema: [
      `CREATE TABLE IF NOT EXISTS ${t} ("key" TEXT PRIMARY KEY NOT NULL, "version" INTEGER NOT NULL, "hash" TEXT NOT NULL, "updated_at" INTEGER NOT NULL)`,
      `CREATE INDEX IF NOT EXISTS ${indexQualified} ON ${base} ("version")`,
      `INSERT OR IGNORE INTO ${t} (${cols}) VALUES (?, 0, '', 0)`,
    ],
    getNode: `SELECT ${cols} FROM ${t} WHERE "key" = ?`,
    getNodes: (count) => `SELECT ${cols} FROM ${t} WHERE "key" IN (${placeholders(count)})`,
    setNode:
      `INSERT INTO ${t} (${cols}) VALUES (?, CAST(? AS INTEGER), ?, CAST(? AS INTEGER)) ON CONFLICT ("key") DO UPDATE SET ` +
      '"version" = excluded."version", "hash" = excluded."hash", "updated_at" = excluded."updated_at" ' +
      'WHERE excluded."version" >= "version"',
    increment:
      `INSERT INTO ${t} (${cols}) VALUES (?, CAST(? AS INTEGER), '', CAST(? AS INTEGER)) ON CONFLICT ("key") DO UPDATE SET ` +
      '"version" = MAX("version" + 1, excluded."version"), "updated_at" = excluded."updated_at" RETURNING "version"',
    raise:
      `INSERT INTO ${t} (${cols}) VALUES (?, CAST(? AS INTEGER), '', CAST(? AS INTEGER)) ON CONFLICT ("key") DO UPDATE SET ` +
      '"version" = MAX("version", excluded."version")',
    insertCounter: `INSERT OR IGNORE INTO ${t} (${cols}) VALUES (?, 0, '', 0)`,
    listChangedSince: `SELECT ${cols} FROM ${t} WHERE "version" > ? AND "key" <> ? ORDER BY "version"`,
    maxVersion: `SELECT "version" FROM ${t} WHERE "key" = ?`,
    deleteNode: `DELETE FROM ${t} WHERE "key" = ?`,
    health: 'SELECT 1 AS ok',
  }
}

/** The statements of `dialect` for table `tableName` (validated). */
export const sqlStatements = (dialect: SqlDialect, tableName: string): SqlStatements => {
  validateTableName(tableName)
  switch (dialect) {
    case 'postgres':
      return postgres(tableName)
    case 'mysql':
      return mysql(tableName)
    case 'sqlite':
      return sqlite(tableName)
    default:
      throw new TypeError(`unknown SQL dialect ${JSON.stringify(dialect)}: use 'postgres', 'mysql' or 'sqlite'`)
  }
}

/**
 * The DDL that creates the table and its version index, for a migration file. The storage
 * runs the same statements itself unless created with `createTable: false`.
 *
 * @example
 * fs.writeFileSync('migrations/001_reality.sql', realitySchemaSQL('postgres').join(';\n') + ';\n')
 */
export const realitySchemaSQL = (dialect: SqlDialect, tableName = 'reality_nodes'): string[] =>
  sqlStatements(dialect, tableName)
    .schema.slice(0, -1)
    .concat(
      dialect === 'mysql'
        ? `INSERT IGNORE INTO ${quoted(tableName, '`').table} (\`key\`, \`version\`, \`hash\`, \`updated_at\`) VALUES ('', 0, '', 0)`
        : `INSERT INTO ${quoted(tableName, '"').table} ("key", "version", "hash", "updated_at") VALUES ('', 0, '', 0) ON CONFLICT ("key") DO NOTHING`,
    )
