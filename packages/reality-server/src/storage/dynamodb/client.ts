/*
 * The DynamoDB calls the storage makes, over either client of @aws-sdk/client-dynamodb:
 * the aggregated `DynamoDB` (methods such as `getItem`), used directly, or the bare
 * `DynamoDBClient` (only `send(command)`), whose command classes are loaded on first use.
 * Types are structural so this entry never imports the AWS SDK.
 */

/** A DynamoDB item in the low-level format: `{ pk: { S: 'n#posts' }, version: { N: '42' } }`. */
export type Item = Record<string, Record<string, unknown>>
type Input = Record<string, unknown>

export interface DynamoDBCalls {
  getItem(input: Input): Promise<{ Item?: Item }>
  putItem(input: Input): Promise<unknown>
  updateItem(input: Input): Promise<{ Attributes?: Item }>
  deleteItem(input: Input): Promise<unknown>
  batchGetItem(
    input: Input,
  ): Promise<{ Responses?: Record<string, Item[]>; UnprocessedKeys?: Record<string, { Keys?: Item[] }> }>
  query(input: Input): Promise<{ Items?: Item[]; LastEvaluatedKey?: Item }>
  createTable(input: Input): Promise<unknown>
  describeTable(
    input: Input,
  ): Promise<{ Table?: { TableStatus?: string; GlobalSecondaryIndexes?: { IndexStatus?: string }[] } }>
}

/** Either DynamoDB client of @aws-sdk/client-dynamodb v3. */
export type DynamoDBClientLike =
  | Partial<DynamoDBCalls>
  | {
      /** Sends a command object (`DynamoDBClient`); the command classes are loaded from the package. */
      send(command: unknown): Promise<unknown>
    }

const METHODS = {
  getItem: 'GetItemCommand',
  putItem: 'PutItemCommand',
  updateItem: 'UpdateItemCommand',
  deleteItem: 'DeleteItemCommand',
  batchGetItem: 'BatchGetItemCommand',
  query: 'QueryCommand',
  createTable: 'CreateTableCommand',
  describeTable: 'DescribeTableCommand',
} as const

type CommandClass = new (input: Input) => unknown
// Built at run time so bundlers do not try to resolve the SDK for users of other storages.
const SDK = ['@aws-sdk', 'client-dynamodb'].join('/')

export const dynamoDBCalls = (client: DynamoDBClientLike): DynamoDBCalls => {
  const methods = client as Partial<DynamoDBCalls>
  if (Object.keys(METHODS).every((name) => typeof methods[name as keyof DynamoDBCalls] === 'function')) {
    return methods as DynamoDBCalls
  }
  const send = (client as { send?: (command: unknown) => Promise<unknown> }).send
  if (typeof send !== 'function') {
    throw new TypeError('DynamoDBStorage needs a DynamoDB or DynamoDBClient from @aws-sdk/client-dynamodb')
  }
  let sdk: Promise<Record<string, CommandClass>> | undefined
  const call =
    (command: string) =>
    async (input: Input): Promise<never> => {
      sdk ??= import(/* @vite-ignore */ SDK) as Promise<Record<string, CommandClass>>
      const Command = (await sdk)[command]
      return send.call(client, new Command(input)) as Promise<never>
    }
  return Object.fromEntries(
    Object.entries(METHODS).map(([method, command]) => [method, call(command)]),
  ) as unknown as DynamoDBCalls
}
