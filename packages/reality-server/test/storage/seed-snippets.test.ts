import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { DynamoDB } from '@aws-sdk/client-dynamodb'
import { PrismaPg } from '@prisma/adapter-pg'
import {
  createDrizzleAdapter,
  createDrizzleStorage,
  createDynamoDBStorage,
  createNodeHandler,
  createPrismaAdapter,
  createPrismaStorage,
  createRealityServer,
  createSQLStorage,
  DynamoDBStorage,
  RealityServer,
  type RealityStorage,
  SQLStorage,
} from '@rootlodge/reality-server'
import { drizzle } from 'drizzle-orm/postgres-js'
import dynalite from 'dynalite'
import { Pool } from 'pg'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTempPgDatabase, pgPool, type TempPgDatabase } from './databases'
import { type GeneratedClient, generatePrismaClient, realityNodeModel, realityNodeTableSQL } from './prisma-client.mjs'

/*
 * The storage snippets of the seed documents, pasted as written, each behind a real server
 * answering a real HTTP sync. They use the default table `reality_nodes`, so this file runs on
 * a database of its own; DATABASE_URL and the AWS variables point at it and at dynalite.
 */

const admin = pgPool({ max: 1 })
const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0 })
const closers: (() => Promise<unknown> | unknown)[] = []
let temp: TempPgDatabase
let database = ''

/**
 * A pool of a snippet: it gets an error listener (an idle connection that breaks must not become an uncaught
 * exception) and is ended before the database is dropped.
 */
const owned = (pool: Pool): void => {
  pool.on('error', () => {})
  closers.push(() => pool.end())
}

beforeAll(async () => {
  temp = await createTempPgDatabase(admin, 'seed')
  database = temp.name
  process.env.DATABASE_URL = temp.url
  await new Promise<void>((resolve) => dynamo.listen(0, '127.0.0.1', () => resolve()))
  process.env.AWS_ENDPOINT_URL_DYNAMODB = `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}`
  process.env.AWS_ACCESS_KEY_ID = 'test'
  process.env.AWS_SECRET_ACCESS_KEY = 'test'
}, 60_000)

afterAll(async () => {
  // Every closer runs even when one fails: one left open would hold a session the drop then waits for.
  const closed: PromiseSettledResult<unknown>[] = []
  for (const close of closers.reverse()) closed.push(...(await Promise.allSettled([Promise.resolve().then(close)])))
  await new Promise<void>((resolve) => dynamo.close(() => resolve()))
  try {
    await temp?.drop()
  } finally {
    await admin.end()
  }
  const failures = closed.filter((result) => result.status === 'rejected').map((result) => result.reason)
  if (failures.length > 0) throw new AggregateError(failures, 'closing the snippets failed')
}, 60_000)

/** Serves `storage` over HTTP, updates a key and checks a client sees it change. */
const expectServes = async (server: RealityServer): Promise<void> => {
  const http = createServer(createNodeHandler(server))
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()))
  try {
    const meta = await server.updateNode('chat:room:general', 'abc123')
    const response = await fetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/reality/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ known: { 'chat:room:general': 0, 'user:profile:123': 2 } }),
    })
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body.changed).toEqual({ 'chat:room:general': { ...meta, source: server.serverId } })
  } finally {
    await new Promise<void>((resolve) => http.close(() => resolve()))
  }
}

const serve = (storage: RealityStorage) => expectServes(new RealityServer({ storage, serverId: 'server-1' }))

describe('server README (seed 003) storage snippets, as written', () => {
  it('SQLStorage with pg', async () => {
    const pool = new Pool({ connectionString: process.env.DATABASE_URL })
    owned(pool)
    const storage = new SQLStorage({
      query: (sql, params) => pool.query(sql, params).then((r) => r.rows),
      dialect: 'postgres', // 'postgres' | 'mysql' | 'sqlite'
    })
    await serve(storage)
  })

  it('createDrizzleAdapter with postgres.js', async () => {
    const client = postgres(process.env.DATABASE_URL as string)
    closers.push(() => client.end())
    const db = drizzle(client)

    const storage = createDrizzleAdapter(db, {
      tableName: 'reality_nodes',
    })
    await serve(storage)
  })

  it('createPrismaAdapter (Prisma 7: the client takes a driver adapter)', async () => {
    const generated = generatePrismaClient({ name: database, models: realityNodeModel('reality_nodes') })
    closers.push(() => generated.remove())
    const PrismaClient = generated.PrismaClient as new (options: object) => GeneratedClient & { realityNode: object }
    const pool = new Pool({ connectionString: process.env.DATABASE_URL })
    owned(pool)
    await pool.query('DROP TABLE IF EXISTS reality_nodes')
    for (const statement of realityNodeTableSQL('reality_nodes')) await pool.query(statement)

    // The adapter gets a pool this test ends itself: one the adapter made may still hold a connection when afterAll
    // drops the database, and pg reports that terminated idle connection as an uncaught error.
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) })
    closers.push(() => prisma.$disconnect())
    const storage = createPrismaAdapter(prisma, {
      modelName: 'RealityNode',
    })
    await serve(storage)
  }, 120_000)

  it('DynamoDBStorage', async () => {
    const dynamodb = new DynamoDB({ region: 'us-east-1' })
    closers.push(() => dynamodb.destroy())
    const storage = new DynamoDBStorage({
      client: dynamodb,
      tableName: 'reality-nodes',
    })
    await serve(storage)
  })
})

describe('API guide (seed 001) storage snippets, as written', () => {
  it('createSQLStorage with an executor', async () => {
    const db = new Pool({ connectionString: process.env.DATABASE_URL })
    owned(db)
    const storage = createSQLStorage({
      executor: {
        query: async (sql, params) => {
          // Execute SQL and return rows
          return db.query(sql, params)
        },
      },
      dialect: 'postgres', // 'postgres' | 'mysql' | 'sqlite'
    })
    await expectServes(createRealityServer({ serverId: 'server-1' }, storage))
  })

  it('createDrizzleStorage', async () => {
    const client = postgres(process.env.DATABASE_URL as string)
    closers.push(() => client.end())
    const drizzleInstance = drizzle(client)
    const storage = createDrizzleStorage({
      db: drizzleInstance,
      dialect: 'postgres',
    })
    await expectServes(createRealityServer({ serverId: 'server-1' }, storage))
  })

  it('createPrismaStorage', async () => {
    const generated = generatePrismaClient({ name: `${database}_2`, models: realityNodeModel('reality_nodes') })
    closers.push(() => generated.remove())
    const pool = new Pool({ connectionString: process.env.DATABASE_URL })
    owned(pool)
    const prismaClient = new generated.PrismaClient({ adapter: new PrismaPg(pool) }) as GeneratedClient
    closers.push(() => prismaClient.$disconnect())
    const storage = createPrismaStorage({
      prisma: prismaClient,
    })
    await expectServes(createRealityServer({ serverId: 'server-1' }, storage))
  }, 120_000)

  it('createDynamoDBStorage', async () => {
    const dynamoDBClient = new DynamoDB({ region: 'us-east-1' })
    closers.push(() => dynamoDBClient.destroy())
    const storage = createDynamoDBStorage({
      client: dynamoDBClient,
      tableName: 'reality-nodes',
    })
    await expectServes(createRealityServer({ serverId: 'server-1' }, storage))
  })
})
