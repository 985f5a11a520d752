import type { AddressInfo } from 'node:net'
import { DynamoDB, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { createDynamoDBStorage, DynamoDBStorage } from '@rootlodge/reality-server'
import dynalite from 'dynalite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runStorageConformance } from './conformance'
import { uniqueName } from './databases'
import { runOutageScenarios } from './outage'

// dynalite: a DynamoDB implementation on LevelDB, started in this process on a free port.
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
let port = 0
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' }
const options = (to = port) => ({ endpoint: `http://127.0.0.1:${to}`, region: 'us-east-1', credentials })
let admin: DynamoDB

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  port = (server.address() as AddressInfo).port
  admin = new DynamoDB(options())
})
afterAll(async () => {
  admin.destroy()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

const tableName = () => uniqueName('ddb').replaceAll('_', '-')

runStorageConformance('DynamoDB on dynalite', () => {
  const table = tableName()
  const [one, two] = [new DynamoDB(options()), new DynamoDBClient(options())]
  return {
    // The seed's aggregated client with `new`, and the bare DynamoDBClient with the factory.
    storage: new DynamoDBStorage({ client: one, tableName: table }),
    twin: createDynamoDBStorage({ client: two, tableName: table }),
    cleanup: async () => {
      await admin.deleteTable({ TableName: table })
      one.destroy()
      two.destroy()
    },
  }
})

describe('DynamoDB table and requests', () => {
  it('creates the table with its version index once, even from two instances at once', async () => {
    const table = tableName()
    const [a, b] = [
      new DynamoDBStorage({ client: admin, tableName: table }),
      new DynamoDBStorage({ client: admin, tableName: table }),
    ]
    try {
      await Promise.all([a.ensureTable(), b.ensureTable()])
      const { Table } = await admin.describeTable({ TableName: table })
      expect(Table?.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }])
      expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['by-version'])
      expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST')
    } finally {
      await admin.deleteTable({ TableName: table })
    }
  })

  it('without createTable, fails on a missing table', async () => {
    const storage = new DynamoDBStorage({ client: admin, tableName: tableName(), createTable: false })
    await expect(storage.getNode('k')).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
    expect(await storage.isHealthy()).toBe(false)
  })

  it('the counter item stays out of the version index and of node reads', async () => {
    const table = tableName()
    const storage = new DynamoDBStorage({ client: admin, tableName: table })
    try {
      const version = await storage.incrementVersion('posts')
      const { Items } = await admin.scan({ TableName: table, IndexName: 'by-version' })
      expect(Items).toEqual([])
      expect(await storage.getNode('c#version')).toBeNull()
      expect(await storage.getMaxVersion()).toBe(version)
    } finally {
      await admin.deleteTable({ TableName: table })
    }
  })

  it('rejects a client that is not a DynamoDB client', () => {
    expect(() => new DynamoDBStorage({ client: {}, tableName: 't' })).toThrow(/DynamoDB/)
  })
})

runOutageScenarios(
  'DynamoDB on dynalite',
  {
    host: '127.0.0.1',
    get port() {
      return port
    },
  },
  (to) => {
    const table = tableName()
    const client = new DynamoDB({ ...options(to), maxAttempts: 1 })
    return {
      storage: new DynamoDBStorage({ client, tableName: table, timeoutMs: 1500 }),
      close: async () => {
        client.destroy()
        await admin.deleteTable({ TableName: table }).catch(() => {})
      },
    }
  },
)
