import { PrismaPg } from '@prisma/adapter-pg'
import { createPrismaAdapter, createPrismaStorage, SQLStorage } from '@rootlodge/reality-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runStorageConformance } from './conformance'
import { PG_URL, pgPool, uniqueName } from './databases'
import { type GeneratedClient, generatePrismaClient, realityNodeModel, realityNodeTableSQL } from './prisma-client.mjs'

// The generated model maps to a table unique to this run, created with plain SQL.
const table = uniqueName('prisma')
const admin = pgPool({ max: 1 })
let generated: ReturnType<typeof generatePrismaClient>
type Client = GeneratedClient & { realityNode: object }
const clients: Client[] = []
const connect = (): Client => {
  const client = new generated.PrismaClient({ adapter: new PrismaPg({ connectionString: PG_URL, max: 4 }) }) as Client
  clients.push(client)
  return client
}

beforeAll(async () => {
  generated = generatePrismaClient({ name: table, models: realityNodeModel(table) })
  for (const statement of realityNodeTableSQL(table)) await admin.query(statement)
}, 120_000)

afterAll(async () => {
  await Promise.all(clients.map((client) => client.$disconnect()))
  await admin.query(`DROP TABLE IF EXISTS "${table}"`)
  await admin.end()
  generated?.remove()
})

runStorageConformance('Prisma 7 with @prisma/adapter-pg on PostgreSQL', async () => {
  await admin.query(`TRUNCATE "${table}"`)
  // Both spellings: createPrismaAdapter(prisma, { modelName }) and createPrismaStorage({ prisma }).
  return {
    storage: createPrismaAdapter(connect(), { modelName: 'RealityNode' }),
    twin: createPrismaStorage({ prisma: connect() }),
  }
})

describe('Prisma storage configuration', () => {
  it('names the missing model', () => {
    expect(() => createPrismaStorage({ prisma: connect(), modelName: 'Nope' })).toThrow(/no model Nope/)
  })

  it('shares its table with SQLStorage: the same rows read both ways', async () => {
    await admin.query(`TRUNCATE "${table}"`)
    const prisma = createPrismaStorage({ prisma: connect() })
    const sql = new SQLStorage({
      query: (text, params) => admin.query(text, params).then((r) => r.rows),
      dialect: 'postgres',
      tableName: table,
      createTable: false,
    })
    const version = await prisma.incrementVersion('k')
    await prisma.setNode('k', { key: 'k', version, hash: 'h', updatedAt: 7 })
    expect(await sql.getNode('k')).toEqual({ key: 'k', version, hash: 'h', updatedAt: 7 })
    const next = await sql.incrementVersion('k')
    expect(next).toBeGreaterThan(version)
    expect(await prisma.getMaxVersion()).toBe(next)
  })
})
