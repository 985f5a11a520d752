import { join } from 'node:path'
import { createDrizzleAdapter, createDrizzleStorage, type RealityStorage } from '@rootlodge/reality-server'
import { asc, eq, gt } from 'drizzle-orm'
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3'
import { drizzle as drizzleMysql } from 'drizzle-orm/mysql2'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { drizzle as drizzlePostgresJs } from 'drizzle-orm/postgres-js'
import { createPool as createCallbackPool } from 'mysql2'
import { afterAll, describe, expect, it } from 'vitest'
import { mysqlRealityNodes, pgRealityNodes, sqliteRealityNodes } from '../../src/storage/drizzle'
import { runStorageConformance } from './conformance'
import {
  dropTable,
  MYSQL_URL,
  mysqlPool,
  mysqlQuery,
  openSqlite,
  pgPool,
  pgQuery,
  postgresJs,
  sqliteQuery,
  tempDir,
  uniqueName,
} from './databases'

const pgAdmin = pgPool({ max: 1 })
const myAdmin = mysqlPool({ connectionLimit: 1 })
afterAll(() => Promise.all([pgAdmin.end(), myAdmin.end()]))

runStorageConformance('Drizzle on PostgreSQL (node-postgres)', () => {
  const tableName = uniqueName('dzpg')
  const [one, two] = [pgPool(), pgPool()]
  return {
    storage: createDrizzleAdapter(drizzlePg(one), { tableName }),
    twin: createDrizzleStorage({ db: drizzlePg(two), dialect: 'postgres', tableName }),
    cleanup: async () => {
      await Promise.all([one.end(), two.end()])
      await dropTable(pgQuery(pgAdmin), 'postgres', tableName)
    },
  }
})

runStorageConformance('Drizzle on PostgreSQL (postgres.js)', () => {
  const tableName = uniqueName('dzpj')
  const [one, two] = [postgresJs(), postgresJs()]
  return {
    storage: createDrizzleAdapter(drizzlePostgresJs(one), { tableName }),
    twin: createDrizzleStorage({ db: drizzlePostgresJs(two), dialect: 'postgres', tableName }),
    cleanup: async () => {
      await Promise.all([one.end(), two.end()])
      await dropTable(pgQuery(pgAdmin), 'postgres', tableName)
    },
  }
})

runStorageConformance('Drizzle on MariaDB (mysql2, promise and callback pools)', () => {
  const tableName = uniqueName('dzmy')
  const one = mysqlPool()
  const two = createCallbackPool({ uri: MYSQL_URL, connectionLimit: 4 })
  return {
    storage: createDrizzleAdapter(drizzleMysql(one), { tableName }),
    twin: createDrizzleStorage({ db: drizzleMysql({ client: two }), dialect: 'mysql', tableName }),
    cleanup: async () => {
      await one.end()
      await new Promise((resolve) => two.end(resolve))
      await dropTable(mysqlQuery(myAdmin), 'mysql', tableName)
    },
  }
})

runStorageConformance('Drizzle on SQLite (better-sqlite3)', () => {
  const scratch = tempDir()
  const file = join(scratch.dir, 'drizzle.db')
  const [one, two] = [openSqlite(file), openSqlite(file)]
  return {
    storage: createDrizzleAdapter(drizzleSqlite(one), { tableName: 'reality_nodes' }),
    twin: createDrizzleStorage({ db: drizzleSqlite({ client: two }), dialect: 'sqlite' }),
    cleanup: () => {
      one.close()
      two.close()
      scratch.remove()
    },
  }
})

/** Writes through the storage, reads back through Drizzle's query builder with the exported table. */
const roundTrip = async (storage: RealityStorage) => {
  const version = await storage.incrementVersion('chat:room:ü')
  const node = { key: 'chat:room:ü', version, hash: 'h"1', updatedAt: 1_700_000_000_123 }
  await storage.setNode(node.key, node)
  return node
}

describe('exported Drizzle table definitions match the storage table', () => {
  it('postgres: pgRealityNodes reads and writes what the storage does', async () => {
    const tableName = uniqueName('dzdefpg')
    const pool = pgPool()
    const db = drizzlePg(pool)
    const table = pgRealityNodes(tableName)
    try {
      const storage = createDrizzleAdapter(db, { tableName })
      const node = await roundTrip(storage)
      expect(await db.select().from(table).where(eq(table.key, node.key))).toEqual([node])
      await db.insert(table).values({ key: 'from-drizzle', version: node.version + 1, hash: 'd', updatedAt: 5 })
      expect(await storage.getNode('from-drizzle')).toEqual({
        key: 'from-drizzle',
        version: node.version + 1,
        hash: 'd',
        updatedAt: 5,
      })
      // The version index serves drizzle's own range queries; key '' is the storage's counter row.
      const changed = await db
        .select()
        .from(table)
        .where(gt(table.version, node.version - 1))
        .orderBy(asc(table.version))
      expect(changed.filter((row) => row.key !== '').map((row) => row.key)).toEqual(['chat:room:ü', 'from-drizzle'])
      expect(await storage.getMaxVersion()).toBe(node.version)
    } finally {
      await pool.end()
      await dropTable(pgQuery(pgAdmin), 'postgres', tableName)
    }
  })

  it('mysql: mysqlRealityNodes reads and writes what the storage does', async () => {
    const tableName = uniqueName('dzdefmy')
    const pool = mysqlPool()
    const db = drizzleMysql(pool)
    const table = mysqlRealityNodes(tableName)
    try {
      const storage = createDrizzleAdapter(db, { tableName })
      const node = await roundTrip(storage)
      const [row] = await db.select().from(table).where(eq(table.key, node.key))
      expect({ ...row, key: Buffer.from(row.key).toString() }).toEqual(node)
      await db.insert(table).values({ key: 'from-drizzle', version: node.version + 1, hash: 'd', updatedAt: 5 })
      expect(await storage.getNode('from-drizzle')).toEqual({
        key: 'from-drizzle',
        version: node.version + 1,
        hash: 'd',
        updatedAt: 5,
      })
    } finally {
      await pool.end()
      await dropTable(mysqlQuery(myAdmin), 'mysql', tableName)
    }
  })

  it('sqlite: sqliteRealityNodes reads and writes what the storage does', async () => {
    const scratch = tempDir()
    const sqlite = openSqlite(join(scratch.dir, 'def.db'))
    const db = drizzleSqlite(sqlite)
    const table = sqliteRealityNodes()
    try {
      const storage = createDrizzleAdapter(db)
      const node = await roundTrip(storage)
      expect(db.select().from(table).where(eq(table.key, node.key)).all()).toEqual([node])
      db.insert(table)
        .values({ key: 'from-drizzle', version: node.version + 1, hash: 'd', updatedAt: 5 })
        .run()
      expect(await storage.getNode('from-drizzle')).toEqual({
        key: 'from-drizzle',
        version: node.version + 1,
        hash: 'd',
        updatedAt: 5,
      })
      expect(
        sqliteQuery(sqlite)("SELECT name FROM sqlite_master WHERE type = 'index' AND name = ?", [
          'reality_nodes_version_idx',
        ]),
      ).toHaveLength(1)
    } finally {
      sqlite.close()
      scratch.remove()
    }
  })

  it('tells the dialect from the database, or asks for it', () => {
    expect(() => createDrizzleStorage({ db: {} })).toThrow(/dialect/)
    expect(() => createDrizzleStorage({ db: {}, dialect: 'postgres' })).toThrow(/unsupported Drizzle driver/)
  })
})
