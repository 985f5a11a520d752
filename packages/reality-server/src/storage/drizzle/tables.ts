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
      key: text('key').primaryKey(),
      version: bigint('version', { mode: 'number' }).notNull(),
      hash: text('hash').notNull(),
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
      key: varbinary('key', { length: 1024 }).primaryKey(),
      version: myBigint('version', { mode: 'number' }).notNull(),
      hash: myText('hash').notNull(),
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
      key: liteText('key').primaryKey(),
      version: integer('version').notNull(),
      hash: liteText('hash').notNull(),
      updatedAt: integer('updated_at').notNull(),
    },
    (table) => [liteIndex(`${name}_version_idx`).on(table.version)],
  )
