import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { waitFor } from '@reality-internal/test-utils'
import {
  createCallbackInvalidationAdapter,
  createDrizzleInvalidationAdapter,
  createNodeHandler,
  type DrizzleWriteOperation,
  RealityServer,
  SQLStorage,
} from '@rootlodge/reality-server'
import { eq } from 'drizzle-orm'
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3'
import { drizzle } from 'drizzle-orm/node-postgres'
import { integer, pgTable, serial, text } from 'drizzle-orm/pg-core'
import { integer as sqliteInteger, sqliteTable, text as sqliteText } from 'drizzle-orm/sqlite-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openSqlite, PG_URL, pgPool, pgQuery, tempDir, uniqueName, withPort } from '../storage/databases'
import { closedPort } from '../storage/outage'

const tableName = uniqueName('dzmsg')
const messages = pgTable(tableName, {
  id: serial('id').primaryKey(),
  roomId: text('room_id').notNull(),
  body: text('body').notNull().unique(),
  likes: integer('likes').notNull().default(0),
})
const pool = pgPool()
const observer = pgPool({ max: 1 })
const db = drizzle(pool)

type Call = { tableName: string; operation: DrizzleWriteOperation; data: Record<string, unknown> }
const calls: Call[] = []
let server: RealityServer
let http: ReturnType<typeof createServer>
let url: string

/** The keyExtractor of the seed's example, recording each call. */
const keyExtractor = (name: string, operation: DrizzleWriteOperation, data: Record<string, unknown>) => {
  calls.push({ tableName: name, operation, data })
  return name === tableName && typeof data.roomId === 'string' ? [`chat:room:${data.roomId}`] : []
}

const version = async (key: string) => (await server.getNode(key))?.version ?? 0
const sync = async (known: Record<string, number>) => {
  const response = await fetch(`${url}/reality/sync`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ known }),
  })
  return (await response.json()).changed as Record<string, { version: number }>
}

beforeAll(async () => {
  await pool.query(
    `CREATE TABLE "${tableName}" (id serial PRIMARY KEY, room_id text NOT NULL, body text NOT NULL UNIQUE, likes integer NOT NULL DEFAULT 0)`,
  )
  server = new RealityServer({ serverId: 'drizzle-hooks' })
  server.setInvalidationAdapter(createDrizzleInvalidationAdapter({ db, keyExtractor }))
  http = createServer(createNodeHandler(server))
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()))
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise<void>((resolve) => http.close(() => resolve()))
  await pool.query(`DROP TABLE IF EXISTS "${tableName}"`)
  await Promise.all([pool.end(), observer.end()])
})
beforeEach(() => {
  calls.length = 0
})

describe('createDrizzleInvalidationAdapter on PostgreSQL', () => {
  it('insert: invalidates the extracted key after the row is committed, visible over HTTP', async () => {
    const key = 'chat:room:insert'
    await db.insert(messages).values({ roomId: 'insert', body: 'hello' })
    expect(calls).toEqual([{ tableName, operation: 'insert', data: { roomId: 'insert', body: 'hello' } }])
    const { rows } = await observer.query(`SELECT body FROM "${tableName}" WHERE room_id = 'insert'`)
    expect(rows).toEqual([{ body: 'hello' }])
    expect(await version(key)).toBeGreaterThan(0)
    expect(Object.keys(await sync({ [key]: 0 }))).toEqual([key])
  })

  it('insert of several rows with returning: one call per row, with generated columns', async () => {
    const rows = await db
      .insert(messages)
      .values([
        { roomId: 'multi-a', body: 'a1' },
        { roomId: 'multi-b', body: 'b1' },
      ])
      .returning()
    expect(rows).toHaveLength(2)
    expect(calls.map((call) => call.data.id)).toEqual(rows.map((row) => row.id))
    expect(await version('chat:room:multi-a')).toBeGreaterThan(0)
    expect(await version('chat:room:multi-b')).toBeGreaterThan(0)
  })

  it('update: keys from the returned rows, or from the .set() patch without returning', async () => {
    const [row] = await db.insert(messages).values({ roomId: 'update', body: 'before' }).returning()
    const before = await version('chat:room:update')
    calls.length = 0
    await db.update(messages).set({ likes: 5 }).where(eq(messages.id, row.id)).returning()
    expect(calls[0]).toMatchObject({ operation: 'update', data: { roomId: 'update', likes: 5 } })
    const afterReturning = await version('chat:room:update')
    expect(afterReturning).toBeGreaterThan(before)
    calls.length = 0
    await db.update(messages).set({ roomId: 'update-moved' }).where(eq(messages.id, row.id))
    expect(calls).toEqual([{ tableName, operation: 'update', data: { roomId: 'update-moved' } }])
    expect(await version('chat:room:update-moved')).toBeGreaterThan(0)
    expect(await version('chat:room:update')).toBe(afterReturning)
  })

  it('delete: keys from the returned rows; without returning the extractor gets {}', async () => {
    const [row] = await db.insert(messages).values({ roomId: 'delete', body: 'doomed' }).returning()
    const before = await version('chat:room:delete')
    calls.length = 0
    const deleted = await db.delete(messages).where(eq(messages.id, row.id)).returning()
    expect(deleted).toHaveLength(1)
    expect(calls[0]).toMatchObject({ operation: 'delete', data: { roomId: 'delete', body: 'doomed' } })
    expect(await version('chat:room:delete')).toBeGreaterThan(before)
    calls.length = 0
    await db.delete(messages).where(eq(messages.roomId, 'nothing-here'))
    expect(calls).toEqual([{ tableName, operation: 'delete', data: {} }])
  })

  it('a failing insert invalidates nothing and rejects as usual', async () => {
    await db.insert(messages).values({ roomId: 'dup', body: 'unique body' })
    const before = await version('chat:room:dup')
    calls.length = 0
    await expect(db.insert(messages).values({ roomId: 'dup', body: 'unique body' })).rejects.toThrow()
    await expect(
      db.insert(messages).values({ roomId: 'failing-room', body: null as unknown as string }),
    ).rejects.toThrow()
    expect(calls).toEqual([])
    expect(await version('chat:room:dup')).toBe(before)
    expect(await server.getNode('chat:room:failing-room')).toBeNull()
  })

  it('.execute() runs through the hook as well', async () => {
    await db.insert(messages).values({ roomId: 'execute', body: 'exec' }).execute()
    expect(await version('chat:room:execute')).toBeGreaterThan(0)
  })

  it('transaction: keys wait for the commit; a rollback invalidates nothing', async () => {
    let insideVersion = -1
    await db.transaction(async (tx) => {
      await tx.insert(messages).values({ roomId: 'tx-commit', body: 'tx1' })
      insideVersion = await version('chat:room:tx-commit')
    })
    expect(insideVersion).toBe(0)
    expect(await version('chat:room:tx-commit')).toBeGreaterThan(0)

    await expect(
      db.transaction(async (tx) => {
        await tx.insert(messages).values({ roomId: 'tx-rollback', body: 'tx2' })
        tx.rollback()
      }),
    ).rejects.toThrow()
    expect(calls.map((call) => call.data.roomId)).toEqual(['tx-commit'])
    expect(await server.getNode('chat:room:tx-rollback')).toBeNull()
    const { rows } = await observer.query(`SELECT 1 FROM "${tableName}" WHERE room_id = 'tx-rollback'`)
    expect(rows).toEqual([])
  })

  it('detaching (another adapter installed) restores the plain database', async () => {
    expect(Object.hasOwn(db, 'insert')).toBe(true)
    server.setInvalidationAdapter(createCallbackInvalidationAdapter({ onInvalidate: () => {} }))
    try {
      expect(Object.hasOwn(db, 'insert')).toBe(false)
      await db.insert(messages).values({ roomId: 'detached', body: 'quiet' })
      expect(calls).toEqual([])
      expect(await server.getNode('chat:room:detached')).toBeNull()
    } finally {
      server.setInvalidationAdapter(createDrizzleInvalidationAdapter({ db, keyExtractor }))
    }
  })

  it('a storage failure while invalidating goes to onError, never to the write', async () => {
    const errors: unknown[] = []
    // A real database that is not there: PostgreSQL's driver pointed at a closed port.
    const down = pgPool({ connectionString: withPort(PG_URL, await closedPort()) })
    const failing = new RealityServer({
      serverId: 'failing',
      onError: (error) => errors.push(error),
      storage: new SQLStorage({ query: pgQuery(down), dialect: 'postgres', timeoutMs: 2000 }),
    })
    failing.setInvalidationAdapter(createDrizzleInvalidationAdapter({ db, keyExtractor }))
    try {
      const rows = await db.insert(messages).values({ roomId: 'storage-down', body: 'kept' }).returning()
      expect(rows).toHaveLength(1)
      expect(errors.length).toBeGreaterThan(0)
    } finally {
      server.setInvalidationAdapter(createDrizzleInvalidationAdapter({ db, keyExtractor }))
      failing.setInvalidationAdapter(createCallbackInvalidationAdapter({ onInvalidate: () => {} }))
      await down.end()
    }
  })
})

describe('createDrizzleInvalidationAdapter on SQLite (synchronous driver)', () => {
  it('run() and a synchronous transaction invalidate after they finished', async () => {
    const scratch = tempDir()
    const sqlite = openSqlite(join(scratch.dir, 'hooks.db'))
    sqlite.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, topic TEXT NOT NULL)')
    const notes = sqliteTable('notes', { id: sqliteInteger('id').primaryKey(), topic: sqliteText('topic').notNull() })
    const local = drizzleSqlite(sqlite)
    const reality = new RealityServer({ serverId: 'sqlite-hooks' })
    const seen: string[] = []
    reality.setInvalidationAdapter(
      createDrizzleInvalidationAdapter({
        db: local,
        keyExtractor: (name, operation, data) => {
          seen.push(`${name}:${operation}:${String(data.topic)}`)
          return [`notes:${String(data.topic)}`]
        },
      }),
    )
    try {
      local.insert(notes).values({ topic: 'a' }).run()
      local.transaction((tx) => {
        tx.insert(notes).values({ topic: 'b' }).run()
      })
      expect(() =>
        local.transaction((tx) => {
          tx.insert(notes).values({ topic: 'c' }).run()
          throw new Error('rollback')
        }),
      ).toThrow('rollback')
      // Sync drivers invalidate in the background, in order: once a later write's key is there, the rolled-back
      // one would have been too.
      local.insert(notes).values({ topic: 'sentinel' }).run()
      await waitFor(() => reality.getNode('notes:sentinel'), { message: 'the sentinel write to be invalidated' })
      expect(seen).toEqual(['notes:insert:a', 'notes:insert:b', 'notes:insert:sentinel'])
      expect(await reality.getNode('notes:a')).not.toBeNull()
      expect(await reality.getNode('notes:b')).not.toBeNull()
      expect(await reality.getNode('notes:c')).toBeNull()
    } finally {
      sqlite.close()
      scratch.remove()
    }
  })
})
