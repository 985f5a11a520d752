import { join } from 'node:path'
import { createSQLStorage, realitySchemaSQL, SQLStorage } from '@rootlodge/reality-server'
import { afterAll, describe, expect, it } from 'vitest'
import { sqlStatements } from '../../src/storage/sql/dialects'
import { rowsOf } from '../../src/storage/sql/executor'
import {
  dropTable,
  mysqlPool,
  mysqlQuery,
  openSqlite,
  pgPool,
  pgQuery,
  sqliteQuery,
  tempDir,
  uniqueName,
} from './databases'

const pg = pgPool()
const my = mysqlPool()
const scratch = tempDir()
const lite = openSqlite(join(scratch.dir, 'schema.db'))
afterAll(async () => {
  await Promise.all([pg.end(), my.end()])
  lite.close()
  scratch.remove()
})

const executors = {
  postgres: pgQuery(pg),
  mysql: mysqlQuery(my),
  sqlite: sqliteQuery(lite),
} as const

/** Fills a table with `count` nodes in a few multi-row inserts. */
const fill = async (dialect: keyof typeof executors, table: string, count: number): Promise<void> => {
  const quote = dialect === 'mysql' ? '`' : '"'
  for (let start = 1; start <= count; start += 500) {
    const size = Math.min(500, count - start + 1)
    const rows = Array.from({ length: size }, (_, i) =>
      dialect === 'postgres' ? `($${i * 2 + 1}, $${i * 2 + 2}, 'h', 0)` : "(?, ?, 'h', 0)",
    )
    const params = Array.from({ length: size }, (_, i) => [`key:${start + i}`, start + i]).flat()
    await executors[dialect](`INSERT INTO ${quote}${table}${quote} VALUES ${rows.join(', ')}`, params)
  }
}

const plan = async (dialect: keyof typeof executors, sql: string, params: unknown[]): Promise<string> => {
  const prefix = dialect === 'sqlite' ? 'EXPLAIN QUERY PLAN ' : 'EXPLAIN '
  return JSON.stringify(rowsOf(await executors[dialect](prefix + sql, params)))
}

describe.each(['postgres', 'mysql', 'sqlite'] as const)('SQLStorage schema on %s', (dialect) => {
  it('ensureSchema is idempotent and safe when two servers run it at once', async () => {
    const table = uniqueName('schema')
    const storage = createSQLStorage({ query: executors[dialect], dialect, tableName: table, createTable: false })
    const other = createSQLStorage({ query: executors[dialect], dialect, tableName: table, createTable: false })
    try {
      await Promise.all([storage.ensureSchema(), other.ensureSchema()])
      const version = await storage.incrementVersion('k')
      await storage.setNode('k', { key: 'k', version, hash: 'h', updatedAt: 1 })
      await storage.ensureSchema()
      expect(await other.getNode('k')).toEqual({ key: 'k', version, hash: 'h', updatedAt: 1 })
      expect(await storage.getMaxVersion()).toBe(version)
    } finally {
      await dropTable(executors[dialect], dialect, table)
    }
  })

  it('the exported DDL (realitySchemaSQL) makes a table the storage uses as is', async () => {
    const table = uniqueName('ddl')
    try {
      for (const statement of realitySchemaSQL(dialect, table)) await executors[dialect](statement, [])
      const storage = new SQLStorage({ query: executors[dialect], dialect, tableName: table, createTable: false })
      expect(await storage.getMaxVersion()).toBe(0)
      const version = await storage.incrementVersion('posts')
      expect(await storage.getMaxVersion()).toBe(version)
    } finally {
      await dropTable(executors[dialect], dialect, table)
    }
  })

  it('without createTable, fails on a missing table and works once the schema exists', async () => {
    const table = uniqueName('lazy')
    const storage = new SQLStorage({ query: executors[dialect], dialect, tableName: table, createTable: false })
    try {
      await expect(storage.getNode('k')).rejects.toThrow()
      await storage.ensureSchema()
      expect(await storage.getNode('k')).toBeNull()
    } finally {
      await dropTable(executors[dialect], dialect, table)
    }
  })

  it('getNode, getNodes and listChangedSince are index lookups, not scans', async () => {
    const table = uniqueName('idx')
    const storage = new SQLStorage({ query: executors[dialect], dialect, tableName: table })
    const sql = sqlStatements(dialect, table)
    try {
      await storage.ensureSchema()
      await fill(dialect, table, 5000)
      if (dialect === 'postgres') await executors.postgres(`ANALYZE "${table}"`, [])
      if (dialect === 'mysql') await executors.mysql(`ANALYZE TABLE \`${table}\``, [])
      const keys = ['key:10', 'key:20', 'key:30']
      const nodes = dialect === 'postgres' ? [keys] : keys
      const plans = {
        getNode: await plan(dialect, sql.getNode, ['key:42']),
        getNodes: await plan(dialect, sql.getNodes(keys.length), nodes),
        listChangedSince: await plan(dialect, sql.listChangedSince, [4990, '']),
      }
      for (const [name, text] of Object.entries(plans)) {
        if (dialect === 'postgres') {
          expect(text, name).toMatch(/Index (Only )?Scan|Bitmap Index Scan/)
          expect(text, name).not.toMatch(/Seq Scan/)
        }
        if (dialect === 'mysql') expect(text, name).toMatch(/"key":"(PRIMARY|reality_\w+_version_idx)"/)
        if (dialect === 'sqlite') expect(text, name).toMatch(/SEARCH .* USING (INDEX|PRIMARY KEY|COVERING INDEX)/)
      }
      expect(plans.listChangedSince).toMatch(/version_idx/)
    } finally {
      await dropTable(executors[dialect], dialect, table)
    }
  })
})

describe('SQLStorage configuration', () => {
  it('rejects table names that are not plain identifiers', () => {
    for (const tableName of ['x; DROP TABLE y', 'a"b', 'a.b.c', '1abc', '']) {
      expect(() => new SQLStorage({ query: executors.postgres, dialect: 'postgres', tableName })).toThrow(TypeError)
    }
    expect(
      () => new SQLStorage({ query: executors.postgres, dialect: 'postgres', tableName: 'public.nodes' }),
    ).not.toThrow()
  })

  it('rejects a missing executor and an unknown dialect', () => {
    expect(() => new SQLStorage({ dialect: 'postgres' })).toThrow(/query/)
    expect(() => new SQLStorage({ query: executors.postgres, dialect: 'oracle' as 'postgres' })).toThrow(/dialect/)
  })

  it('mysql: names the fix when the executor hides the write result', async () => {
    const table = uniqueName('hdr')
    const rowsOnly = (sql: string, params: unknown[]) =>
      my.query(sql, params).then(([result]) => (Array.isArray(result) ? result : []))
    const storage = new SQLStorage({ query: rowsOnly, dialect: 'mysql', tableName: table })
    try {
      await expect(storage.incrementVersion('k')).rejects.toThrow(/result for UPDATE/)
    } finally {
      await dropTable(executors.mysql, 'mysql', table)
    }
  })

  it('mysql: recreates a missing counter row', async () => {
    const table = uniqueName('ctr')
    const storage = new SQLStorage({ query: executors.mysql, dialect: 'mysql', tableName: table })
    try {
      await storage.ensureSchema()
      await executors.mysql(`DELETE FROM \`${table}\``, [])
      expect(await storage.incrementVersion('k')).toBeGreaterThan(0)
    } finally {
      await dropTable(executors.mysql, 'mysql', table)
    }
  })

  it('postgres: a key PostgreSQL cannot store is simply absent on reads', async () => {
    const table = uniqueName('nul')
    const storage = new SQLStorage({ query: executors.postgres, dialect: 'postgres', tableName: table })
    try {
      expect(await storage.getNode('a\u0000b')).toBeNull()
      expect((await storage.getNodes(['a\u0000b'])).size).toBe(0)
      await expect(
        storage.setNode('a\u0000b', { key: 'a\u0000b', version: 1, hash: 'h', updatedAt: 1 }),
      ).rejects.toThrow(TypeError)
    } finally {
      await dropTable(executors.postgres, 'postgres', table)
    }
  })
})
