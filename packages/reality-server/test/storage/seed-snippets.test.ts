import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { DynamoDB } from '@aws-sdk/client-dynamodb'
import { PrismaPg } from '@prisma/adapter-pg'
import { createHash as clientCreateHash, createReality, createRealityClient } from '@rootlodge/reality'
import { createPollingAdapter } from '@rootlodge/reality/compat'
import {
  createDrizzleAdapter,
  createDrizzleStorage,
  createDynamoDBStorage,
  createHash,
  createNodeHandler,
  createPrismaAdapter,
  createPrismaInvalidationAdapter,
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
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createTempPgDatabase, pgPool, type TempPgDatabase } from './databases'
import {
  type GeneratedClient,
  generatePrismaClient,
  type ModelDelegate,
  realityNodeModel,
  realityNodeTableSQL,
} from './prisma-client.mjs'

/*
 * The snippets of the seed documents, pasted as written (type-checked under strict with the rest of the tests),
 * each behind a real server answering real HTTP: the storage snippets, then those of mutations, createHash, Prisma
 * invalidation and the polling adapter in a small blog app on PostgreSQL and Prisma. They use the default table
 * `reality_nodes`, so this file runs on a database of its own; DATABASE_URL and the AWS variables point at it and
 * at dynalite.
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

/*
 * The blog app the sync snippets run in: posts and notifications in PostgreSQL through a generated Prisma client,
 * a RealityServer on SQLStorage in the same database, and one HTTP origin serving /reality/* and /api/*. The
 * snippets' relative URLs ('/api/posts', '/reality/sync') resolve against that origin, as in a page it served.
 * The tests run in order as one story: the invalidation adapter installed first is what bumps 'posts' afterwards.
 */
describe('API guide (seed 001) and server README (seed 003) sync snippets, as written, in an app on PostgreSQL', () => {
  type Blog = GeneratedClient & { post: ModelDelegate; notification: ModelDelegate }
  let prismaClient: Blog
  let server: RealityServer
  let origin: string
  const nodeFetch = globalThis.fetch

  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>
  }

  beforeAll(async () => {
    const generated = generatePrismaClient({
      name: `${database}_blog`,
      models: `
model Post {
  id    Int    @id @default(autoincrement())
  title String
  @@map("posts")
}
model Notification {
  id   Int    @id @default(autoincrement())
  text String
  @@map("notifications")
}
`,
    })
    closers.push(() => generated.remove())
    const pool = new Pool({ connectionString: process.env.DATABASE_URL })
    closers.push(() => pool.end())
    await pool.query('CREATE TABLE posts (id serial PRIMARY KEY, title text NOT NULL)')
    await pool.query('CREATE TABLE notifications (id serial PRIMARY KEY, text text NOT NULL)')
    prismaClient = new generated.PrismaClient({ adapter: new PrismaPg(pool) }) as Blog
    closers.push(() => prismaClient.$disconnect())
    server = new RealityServer({
      storage: new SQLStorage({
        query: (sql, params) => pool.query(sql, params).then((r) => r.rows),
        dialect: 'postgres',
      }),
      serverId: 'server-1',
    })

    const reality = createNodeHandler(server)
    const app = createServer((req, res) => {
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(value))
      }
      const api = async () => {
        if (req.method === 'POST' && req.url === '/api/posts') {
          const { title } = await readBody(req)
          return send(201, await prismaClient.post.create({ data: { title: String(title) } }))
        }
        if (req.url === '/api/posts') return send(200, await prismaClient.post.findMany({ orderBy: { id: 'asc' } }))
        if (req.url === '/api/notifications') return send(200, await prismaClient.notification.findMany())
        send(404, { error: 'not_found' })
      }
      void reality(req, res, () => api().catch((error: unknown) => send(500, { error: String(error) })))
    })
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', () => resolve()))
    closers.push(() => new Promise<void>((resolve) => app.close(() => resolve())))
    origin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`
    globalThis.fetch = (input, init) =>
      nodeFetch(typeof input === 'string' && input.startsWith('/') ? new URL(input, origin) : input, init)
  }, 120_000)

  afterAll(() => {
    globalThis.fetch = nodeFetch
  })

  it('Prisma Auto-Invalidation: a write through the client passed in invalidates', async () => {
    const adapter = createPrismaInvalidationAdapter({
      prisma: prismaClient,
      // biome-ignore lint/correctness/noUnusedFunctionParameters: the snippet as written
      keyExtractor: (model, operation, data) => {
        if (model === 'Post') return ['posts']
        return []
      },
    })

    server.setInvalidationAdapter(adapter)

    const before = (await server.getNode('posts'))?.version ?? 0
    await prismaClient.post.create({ data: { title: 'First' } })
    expect((await server.getNode('posts'))?.version).toBeGreaterThan(before)
  })

  it("Mutations: the optimistic list shows at once, then the server's", async () => {
    const reality = createReality({ servers: [origin] })
    const shown: unknown[] = []
    reality.subscribe('posts', (state) => shown.push(state.data), {
      fetcher: async () => (await fetch('/api/posts')).json(),
    })
    await vi.waitFor(() => expect(shown.at(-1)).toEqual([{ id: 1, title: 'First' }]))

    const result = await reality.mutate(
      'posts',
      { title: 'New Post' },
      async (input) => {
        const res = await fetch('/api/posts', {
          method: 'POST',
          body: JSON.stringify(input),
        })
        return res.json()
      },
      {
        // Optimistic update
        optimisticUpdate: (current, input) => [...(current ?? []), { id: 'temp', ...input, pending: true }],
        rollbackOnError: true,
        invalidateKeys: ['feed'],
      },
    )

    expect(result).toEqual({ id: 2, title: 'New Post' })
    expect(shown).toContainEqual([
      { id: 1, title: 'First' },
      { id: 'temp', title: 'New Post', pending: true },
    ])
    await vi.waitFor(() =>
      expect(shown.at(-1)).toEqual([
        { id: 1, title: 'First' },
        { id: 2, title: 'New Post' },
      ]),
    )
    reality.destroy()
  })

  it('createHash from the server package: Updating Nodes, the same hash the client computes', async () => {
    const room = { messages: [{ id: 'm1' }] }
    const newMessage = { id: 'm2' }

    // After adding a message
    room.messages.push(newMessage)

    // Update the Reality node with a hash of the current state
    const hash = createHash(JSON.stringify(room.messages.map((m) => m.id)))
    await server.updateNode('chat:room:general', hash)

    expect(createHash).toBe(clientCreateHash) // one implementation, exported by both packages
    const client = createRealityClient({ servers: [origin] })
    client.subscribe('chat:room:general', () => {})
    await vi.waitFor(() =>
      expect(client.getState('chat:room:general').meta?.hash).toBe(clientCreateHash('["m1","m2"]')),
    )
    client.destroy()
  })

  it('Polling Adapter: the first payload, then each change (the payload only when the version moved)', async () => {
    const seen: unknown[] = []
    const setNotifications = (data: unknown) => seen.push(data)

    const adapter = createPollingAdapter({
      key: 'notifications',
      realityEndpoint: '/reality/sync',
      payloadEndpoint: '/api/notifications',
      interval: 2000,
      onData: (data) => setNotifications(data),
    })

    adapter.start()
    // adapter.stop();

    await vi.waitFor(() => expect(seen).toEqual([[]]), { timeout: 10_000 })
    // The app saves, then tells Reality with a hash of what changed (the architecture's addMessage pattern).
    await prismaClient.notification.create({ data: { text: 'welcome' } })
    const notifications = await prismaClient.notification.findMany()
    await server.updateNode('notifications', createHash(notifications.map((n) => n.id).join(',')))
    await vi.waitFor(() => expect(seen).toEqual([[], [{ id: 1, text: 'welcome' }]]), { timeout: 10_000 })
    adapter.stop()
  })
})
