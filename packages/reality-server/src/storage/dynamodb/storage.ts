import type { RealityNodeMeta } from '@rootlodge/reality/types'
import { type Clock, probe, retry, systemClock, withTimeout } from '../../timing'
import type { RealityStorage } from '../types'
import { type DynamoDBCalls, type DynamoDBClientLike, dynamoDBCalls, type Item } from './client'

/*
 * One DynamoDB table, partition key `pk` (S):
 *
 *   pk             version   hash  updatedAt  feed
 *   'c#version'    1795…042                          ← counter: greatest version issued
 *   'n#posts'      1795…017  'a1'  1795…      'n'    ← one item per key
 *
 * Global secondary index `by-version` (partition `feed`, sort `version`) lists nodes in
 * version order for listChangedSince; the counter has no `feed`, so it is not in the index.
 * Versions: a conditional write claims the wall-clock value (µs) when it is above the counter,
 * else an atomic ADD issues counter + 1. Either is one item write, safe with any number of
 * writers. Node writes are conditional on the stored version, so a late, older write loses.
 */

/** Options of `new DynamoDBStorage()` and `createDynamoDBStorage`. */
export interface DynamoDBStorageOptions {
  /** `new DynamoDB({ region })` or `new DynamoDBClient({ region })` from @aws-sdk/client-dynamodb. */
  client: DynamoDBClientLike
  /** The table holding the nodes (and the version counter item). */
  tableName: string
  /** Create the table and index on first use if missing (default true; needs dynamodb:CreateTable). */
  createTable?: boolean
  /** Longest wait for one request before the storage reports failure (default 5,000 ms). */
  timeoutMs?: number
  /** Wall clock in ms that floors new versions (tests inject one). */
  now?: () => number
  /** Timers of the request timeouts, of the retries of unprocessed keys and of the wait for a new table (tests pass a fake one). */
  clock?: Clock
}

const VERSION_INDEX = 'by-version'
const COUNTER = { pk: { S: 'c#version' } }
const FEED = 'n'
const NAMES = { '#v': 'version', '#h': 'hash', '#u': 'updatedAt', '#f': 'feed' }
const BATCH = 100

const nodeKey = (key: string) => ({ pk: { S: `n#${key}` } })
const n = (value: number) => ({ N: String(value) })
const read = (item: Item, name: string): string => {
  const value = item[name] as { S?: string; N?: string } | undefined
  return value?.S ?? value?.N ?? ''
}
const toMeta = (item: Item): RealityNodeMeta => ({
  key: read(item, 'pk').slice(2),
  version: Number(read(item, 'version')),
  hash: read(item, 'hash'),
  updatedAt: Number(read(item, 'updatedAt')),
})
const failedCondition = (error: unknown): boolean =>
  (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException'
const named = (error: unknown, name: string): boolean => (error as { name?: string } | null)?.name === name

/** DynamoDB returned part of a batch as unprocessed (it does under load). */
class UnprocessedKeysError extends Error {}
/** A table (or its index) still being created. */
class TableNotActiveError extends Error {}

/**
 * Storage in a DynamoDB table, for serverless deployments without a SQL database.
 *
 * @example
 * const storage = new DynamoDBStorage({ client: new DynamoDB({ region: 'us-east-1' }), tableName: 'reality-nodes' })
 */
export class DynamoDBStorage implements RealityStorage {
  /** The table this storage uses. */
  readonly tableName: string
  readonly #db: DynamoDBCalls
  readonly #createTable: boolean
  readonly #timeoutMs: number
  readonly #now: () => number
  readonly #clock: Clock
  #ready: Promise<void> | undefined
  #tableReady = false
  #counterFloor = 0

  constructor(options: DynamoDBStorageOptions) {
    if (!options.tableName) throw new TypeError('DynamoDBStorage needs a tableName')
    this.#db = dynamoDBCalls(options.client)
    this.tableName = options.tableName
    this.#createTable = options.createTable ?? true
    this.#timeoutMs = options.timeoutMs ?? 5000
    this.#now = options.now ?? Date.now
    this.#clock = options.clock ?? systemClock
  }

  /** Creates the table (on-demand capacity) and its version index if missing, and waits until active. */
  async ensureTable(): Promise<void> {
    const TableName = this.tableName
    try {
      await this.#db.createTable({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'feed', AttributeType: 'S' },
          { AttributeName: 'version', AttributeType: 'N' },
        ],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          {
            IndexName: VERSION_INDEX,
            KeySchema: [
              { AttributeName: 'feed', KeyType: 'HASH' },
              { AttributeName: 'version', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      })
    } catch (error) {
      if (!named(error, 'ResourceInUseException')) throw error // exists already (or is being created)
    }
    await retry(
      async () => {
        const { Table } = await this.#db.describeTable({ TableName })
        const indexes = Table?.GlobalSecondaryIndexes ?? []
        if (Table?.TableStatus !== 'ACTIVE' || indexes.some((index) => index.IndexStatus !== 'ACTIVE'))
          throw new TableNotActiveError(`DynamoDB table ${TableName} did not become active`)
      },
      {
        retries: 599,
        backoff: { baseMs: 100, maxMs: 1000 },
        retryIf: (error) => error instanceof TableNotActiveError,
        clock: this.#clock,
      },
    )
  }

  async getNode(key: string): Promise<RealityNodeMeta | null> {
    const { Item } = await this.#run(() =>
      this.#db.getItem({ TableName: this.tableName, Key: nodeKey(key), ConsistentRead: true }),
    )
    return Item ? toMeta(Item) : null
  }

  async getNodes(keys: string[]): Promise<Map<string, RealityNodeMeta>> {
    const out = new Map<string, RealityNodeMeta>()
    const wanted = [...new Set(keys)]
    const batches = Array.from({ length: Math.ceil(wanted.length / BATCH) }, (_, i) =>
      wanted.slice(i * BATCH, (i + 1) * BATCH).map(nodeKey),
    )
    await Promise.all(
      batches.map(async (batch) => {
        let pending: Item[] = batch
        // DynamoDB may return part of a batch as unprocessed under load: retry that part with backoff.
        await retry(
          async () => {
            const result = await this.#run(() =>
              this.#db.batchGetItem({
                RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } },
              }),
            )
            for (const item of result.Responses?.[this.tableName] ?? []) {
              const meta = toMeta(item)
              out.set(meta.key, meta)
            }
            pending = result.UnprocessedKeys?.[this.tableName]?.Keys ?? []
            if (pending.length > 0)
              throw new UnprocessedKeysError(`DynamoDB left ${pending.length} keys unprocessed after 8 retries`)
          },
          {
            retries: 8,
            backoff: { baseMs: 50 },
            retryIf: (error) => error instanceof UnprocessedKeysError,
            clock: this.#clock,
          },
        )
      }),
    )
    return out
  }

  async setNode(key: string, meta: RealityNodeMeta): Promise<void> {
    try {
      await this.#run(() =>
        this.#db.putItem({
          TableName: this.tableName,
          Item: {
            ...nodeKey(key),
            version: n(meta.version),
            hash: { S: meta.hash },
            updatedAt: n(meta.updatedAt),
            feed: { S: FEED },
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #v <= :v',
          ExpressionAttributeNames: { '#v': NAMES['#v'] },
          ExpressionAttributeValues: { ':v': n(meta.version) },
        }),
      )
    } catch (error) {
      if (!failedCondition(error)) throw error // a newer version is stored: keep it
    }
    if (meta.version > this.#counterFloor) await this.#raise(meta.version)
  }

  async incrementVersion(_key: string): Promise<number> {
    const now = Math.floor(this.#now())
    const clock = now * 1000
    let version: number
    try {
      await this.#run(() =>
        this.#db.updateItem({
          TableName: this.tableName,
          Key: COUNTER,
          UpdateExpression: 'SET #v = :clock, #u = :now',
          ConditionExpression: 'attribute_not_exists(#v) OR #v < :clock',
          ExpressionAttributeNames: { '#v': NAMES['#v'], '#u': NAMES['#u'] },
          ExpressionAttributeValues: { ':clock': n(clock), ':now': n(now) },
        }),
      )
      version = clock
    } catch (error) {
      if (!failedCondition(error)) throw error
      // The counter is at or past the clock (a burst within one millisecond): take counter + 1.
      const { Attributes } = await this.#run(() =>
        this.#db.updateItem({
          TableName: this.tableName,
          Key: COUNTER,
          UpdateExpression: 'ADD #v :one SET #u = :now',
          ExpressionAttributeNames: { '#v': NAMES['#v'], '#u': NAMES['#u'] },
          ExpressionAttributeValues: { ':one': n(1), ':now': n(now) },
          ReturnValues: 'UPDATED_NEW',
        }),
      )
      version = Number(read(Attributes ?? {}, 'version'))
    }
    if (version > this.#counterFloor) this.#counterFloor = version
    return version
  }

  async listChangedSince(version: number): Promise<RealityNodeMeta[]> {
    const out: RealityNodeMeta[] = []
    let start: Item | undefined
    do {
      const page = await this.#run(() =>
        this.#db.query({
          TableName: this.tableName,
          IndexName: VERSION_INDEX,
          KeyConditionExpression: '#f = :f AND #v > :v',
          ExpressionAttributeNames: { '#f': NAMES['#f'], '#v': NAMES['#v'] },
          ExpressionAttributeValues: { ':f': { S: FEED }, ':v': n(version) },
          ScanIndexForward: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      )
      for (const item of page.Items ?? []) out.push(toMeta(item))
      start = page.LastEvaluatedKey
    } while (start)
    return out
  }

  async getMaxVersion(): Promise<number> {
    const { Item } = await this.#run(() =>
      this.#db.getItem({ TableName: this.tableName, Key: COUNTER, ConsistentRead: true }),
    )
    const max = Item ? Number(read(Item, 'version')) || 0 : 0
    if (max > this.#counterFloor) this.#counterFloor = max
    return max
  }

  async deleteNode(key: string): Promise<void> {
    await this.#run(() => this.#db.deleteItem({ TableName: this.tableName, Key: nodeKey(key) }))
  }

  async isHealthy(): Promise<boolean> {
    return probe(() => this.getMaxVersion(), this.#timeoutMs, this.#clock)
  }

  /** Lifts the counter to a version written by setNode but not issued here. */
  async #raise(version: number): Promise<void> {
    try {
      await this.#run(() =>
        this.#db.updateItem({
          TableName: this.tableName,
          Key: COUNTER,
          UpdateExpression: 'SET #v = :v',
          ConditionExpression: 'attribute_not_exists(#v) OR #v < :v',
          ExpressionAttributeNames: { '#v': NAMES['#v'] },
          ExpressionAttributeValues: { ':v': n(version) },
        }),
      )
    } catch (error) {
      if (!failedCondition(error)) throw error
    }
    this.#counterFloor = version
  }

  async #run<T>(request: () => Promise<T>): Promise<T> {
    if (this.#createTable && !this.#tableReady) {
      this.#ready ??= this.ensureTable().catch((error) => {
        this.#ready = undefined // retried by the next call
        throw error
      })
      await withTimeout(this.#ready, this.#timeoutMs * 4, 'DynamoDBStorage table setup', this.#clock)
      this.#tableReady = true
    }
    return withTimeout(request(), this.#timeoutMs, 'DynamoDBStorage request', this.#clock)
  }
}

/**
 * Alias of `new DynamoDBStorage(options)`.
 *
 * @example
 * const storage = createDynamoDBStorage({ client: dynamoDBClient, tableName: 'reality-nodes' })
 */
export const createDynamoDBStorage = (options: DynamoDBStorageOptions): DynamoDBStorage => new DynamoDBStorage(options)
