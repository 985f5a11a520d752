import type { InvalidationAdapter } from '../core/invalidation'
import { type ExtractedKeys, HookTarget } from './target'

/*
 * A Prisma client extension (Prisma 5+ has no middleware): every write through the extended
 * client, `adapter.client`, invalidates the keyExtractor's keys once Prisma reports success.
 * Inside a transaction a statement succeeds before the commit, so a second extension layer
 * wraps `$transaction` and holds the keys until it resolves:
 *
 *   plain write      query ok ─────────────────────────────► invalidate
 *   $transaction([]) query ok ─► held under the batch's id ─► $transaction ok ─► invalidate
 *   $transaction(fn) tx write ok ─► held for this call ─────► $transaction ok ─► invalidate
 *                                                            rejected ────────► dropped
 */

export type PrismaWriteOperation =
  | 'create'
  | 'createMany'
  | 'createManyAndReturn'
  | 'update'
  | 'updateMany'
  | 'updateManyAndReturn'
  | 'upsert'
  | 'delete'
  | 'deleteMany'

/**
 * The keys a write changed. `data` is, per record: the written record merged over `args.data`
 * (create, update, upsert, delete and the `…AndReturn` forms), each element of `args.data`
 * (createMany), or `{ ...args.where, ...args.data }` (updateMany, deleteMany).
 */
export type PrismaKeyExtractor = (
  model: string,
  operation: PrismaWriteOperation,
  data: Record<string, unknown>,
) => ExtractedKeys

export interface PrismaInvalidationOptions<Client> {
  prisma: Client
  keyExtractor: PrismaKeyExtractor
}

export interface PrismaInvalidationAdapter<Client> extends InvalidationAdapter {
  /** Your client with the extension applied: writes through this one invalidate. */
  readonly client: Client
}

interface TransactionInfo {
  kind?: string
  id?: unknown
}

interface QueryParams {
  model?: string
  operation: string
  args: Record<string, unknown> | undefined
  query: (args: unknown) => Promise<unknown>
  __internalParams?: { transaction?: TransactionInfo }
}

interface Write {
  model: string
  operation: PrismaWriteOperation
  args: Record<string, unknown> | undefined
  result: unknown
}

/** A query handed to `$transaction([...])`; Prisma tells it the batch it runs in. */
type BatchItem = { requestTransaction?: (transaction: TransactionInfo) => unknown }

type Extendable = { $extends(extension: object): unknown }
type Delegate = Record<string, unknown> & { name?: string }

const WRITES = new Set<string>([
  'create',
  'createMany',
  'createManyAndReturn',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'upsert',
  'delete',
  'deleteMany',
])

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}

/** The records a write touched, as the keyExtractor receives them. */
const writtenRows = (operation: string, args: Record<string, unknown> | undefined, result: unknown): unknown[] => {
  if (operation === 'createMany') return [args?.data ?? []].flat()
  if (operation === 'updateMany' || operation === 'deleteMany')
    return [{ ...asRecord(args?.where), ...asRecord(args?.data) }]
  if (Array.isArray(result)) return result
  return [{ ...asRecord(args?.data), ...asRecord(result) }]
}

/**
 * Invalidates Reality keys after each successful Prisma write made through `adapter.client`.
 *
 * @example
 * const adapter = createPrismaInvalidationAdapter({
 *   prisma,
 *   keyExtractor: (model, operation, data) => (model === 'Post' ? ['posts'] : []),
 * })
 * server.setInvalidationAdapter(adapter)
 * await adapter.client.post.create({ data: { title: 'Hello' } }) // then 'posts' is invalidated
 */
export const createPrismaInvalidationAdapter = <Client extends Extendable>(
  options: PrismaInvalidationOptions<Client>,
): PrismaInvalidationAdapter<Client> => {
  const { prisma, keyExtractor } = options
  const target = new HookTarget()
  /** The keys of committed writes; the extractor never sees a write that was rolled back. */
  const keysOf = (writes: readonly Write[]) => {
    const keys = new Set<string>()
    for (const { model, operation, args, result } of writes) {
      target.collect(writtenRows(operation, args, result), (row) => keyExtractor(model, operation, row), keys)
    }
    return keys
  }

  /** Writes of batch transactions in flight, by Prisma's batch id. */
  const batches = new Map<unknown, Write[]>()

  const hooks = {
    name: 'reality-invalidation',
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query, __internalParams }: QueryParams) {
          const result = await query(args)
          if (!model || !WRITES.has(operation)) return result
          const transaction = __internalParams?.transaction
          if (transaction?.kind === 'itx') return result // the interactive wrapper below collects these
          const write = { model, operation: operation as PrismaWriteOperation, args, result }
          const batch = transaction?.kind === 'batch' ? batches.get(transaction.id) : undefined
          if (batch) batch.push(write)
          else await target.invalidate(keysOf([write]))
          return result
        },
      },
    },
  }
  const withHooks = prisma.$extends(hooks) as Client & { $transaction: (...args: unknown[]) => Promise<unknown> }

  /** A transaction client whose model writes add their keys to `pending`. */
  const tracked = (tx: object, pending: Write[]): object =>
    new Proxy(tx, {
      get(object, property) {
        const value = Reflect.get(object, property)
        const delegate = value as Delegate
        if (typeof value !== 'object' || value === null || typeof delegate.findMany !== 'function') return value
        return new Proxy(delegate, {
          get(model, operation) {
            const method = Reflect.get(model, operation) as unknown
            if (typeof operation !== 'string' || !WRITES.has(operation) || typeof method !== 'function') return method
            return (args: Record<string, unknown> | undefined) =>
              (method as (args: unknown) => Promise<unknown>).call(model, args).then((result) => {
                pending.push({
                  model: delegate.name ?? String(property),
                  operation: operation as PrismaWriteOperation,
                  args,
                  result,
                })
                return result
              })
          },
        })
      },
    })

  /** `$transaction([...])`: learns the batch id from Prisma, holds its keys until it resolves. */
  const batch = (items: BatchItem[], rest: unknown[]): Promise<unknown> => {
    const ids = new Set<unknown>()
    for (const item of items) {
      const request = item.requestTransaction
      if (typeof request !== 'function') continue
      item.requestTransaction = (transaction) => {
        if (!batches.has(transaction.id)) batches.set(transaction.id, [])
        ids.add(transaction.id)
        return request.call(item, transaction)
      }
    }
    const settle = (commit: boolean) => {
      const writes = [...ids].flatMap((id) => batches.get(id) ?? [])
      for (const id of ids) batches.delete(id)
      return commit ? target.invalidate(keysOf(writes)) : undefined
    }
    return withHooks.$transaction(items, ...rest).then(
      async (result) => {
        await settle(true)
        return result
      },
      (error: unknown) => {
        settle(false)
        throw error
      },
    )
  }

  const transactions = {
    client: {
      $transaction(work: unknown, ...rest: unknown[]) {
        if (Array.isArray(work)) return batch(work as BatchItem[], rest)
        if (typeof work !== 'function') return withHooks.$transaction(work, ...rest)
        const pending: Write[] = []
        return withHooks
          .$transaction((tx: object) => (work as (tx: object) => unknown)(tracked(tx, pending)), ...rest)
          .then(async (result) => {
            await target.invalidate(keysOf(pending))
            return result
          })
      },
    },
  }
  const client = (withHooks as unknown as Extendable).$extends(transactions) as Client

  return {
    client,
    attach: (server) => target.attach(server),
    detach: () => target.detach(),
  }
}
