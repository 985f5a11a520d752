import { bigint as myBigint, index as myIndex, mysqlTable, text as myText, varbinary } from 'drizzle-orm/mysql-core'
import { bigint, index, pgTable, text } from 'drizzle-orm/pg-core'
import { integer, index as liteIndex, text as liteText, sqliteTable } from 'drizzle-orm/sqlite-core'

/*
 * The table the SQL, Drizzle and Prisma storages share, as Drizzle definitions for drizzle-kit.
 * They match the DDL of `realitySchemaSQL(dialect)` column for column; the row with key ''
 * is the version counter (see src/storage/sql/dialects.ts).
 */

/**
 * PostgreSQL definition of the Reality table.
 *
 * @example
 * // schema.ts, read by drizzle-kit
 * export const realityNodes = pgRealityNodes('reality_nodes')
 */
export const pgRealityNodes = (name = 'reality_nodes') =>
  pgTable(
    name,
    {
      /** The key (primary key). */
      key: text('key').primaryKey(),
      /** Its current version; indexed, since syncs read by version. */
      version: bigint('version', { mode: 'number' }).notNull(),
      /** Its content hash. */
      hash: text('hash').notNull(),
      /** When it last changed, in ms since epoch (column `updated_at`). */
      updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
    },
    (table) => [index(`${name}_version_idx`).on(table.version)],
  )

/**
 * MySQL/MariaDB definition: binary keys compare byte for byte (no collation folding).
 *
 * @example
 * export const realityNodes = mysqlRealityNodes('reality_nodes')
 */
export const mysqlRealityNodes = (name = 'reality_nodes') =>
  mysqlTable(
    name,
    {
      /** The key (primary key). */
      key: varbinary('key', { length: 1024 }).primaryKey(),
      /** Its current version; indexed, since syncs read by version. */
      version: myBigint('version', { mode: 'number' }).notNull(),
      /** Its content hash. */
      hash: myText('hash').notNull(),
      /** When it last changed, in ms since epoch (column `updated_at`). */
      updatedAt: myBigint('updated_at', { mode: 'number' }).notNull(),
    },
    (table) => [myIndex(`${name}_version_idx`).on(table.version)],
  )

/**
 * SQLite definition.
 *
 * @example
 * export const realityNodes = sqliteRealityNodes('reality_nodes')
 */
export const sqliteRealityNodes = (name = 'reality_nodes') =>
  sqliteTable(
    name,
    {
      /** The key (primary key). */
      key: liteText('key').primaryKey(),
      /** Its current version; indexed, since syncs read by version. */
      version: integer('version').notNull(),
      /** Its content hash. */
      hash: liteText('hash').notNull(),
      /** When it last changed, in ms since epoch (column `updated_at`). */
      updatedAt: integer('updated_at').notNull(),
    },
    (table) => [liteIndex(`${name}_version_idx`).on(table.version)],
  )
