import type { InvalidationAdapter } from '../core/invalidation'
import { type ExtractedKeys, HookTarget } from './target'

/*
 * Prisma 5+ has no middleware, and `$extends` returns a new client, which would leave writes through the client the
 * user passed unseen. So the query hook is installed on that client itself: appended to its list of extensions (the
 * list `$extends` appends to, read on every query), and `$transaction` is wrapped on the same object. Clients
 * extended from it afterwards inherit both. A client where that is impossible is refused at creation, never hooked
 * halfway. Inside a transaction a statement succeeds before the commit, so keys wait for `$transaction`:
 *
 *   plain write      query ok ─────────────────────────────► invalidate
 *   $transaction([]) query ok ─► held under the batch's id ─► $transaction ok ─► invalidate
 *   $transaction(fn) tx write ok ─► held for this call ─────► $transaction ok ─► invalidate
 *                                                            rejected ────────► dropped
 */

/** The Prisma operations that invalidate: every write of a model delegate. */
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

/** Options of `createPrismaInvalidationAdapter`. */
export interface PrismaInvalidationOptions<Client> {
  /** The `PrismaClient` you constructed, before any `$extends` (an extended client cannot be hooked). */
  prisma: Client
  /** The keys each written record changes. */
  keyExtractor: PrismaKeyExtractor
}

export interface PrismaInvalidationAdapter<Client> extends InvalidationAdapter {
  /** The client you passed, now hooked: writes through it (or through clients extended from it) invalidate. */
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
/** The Prisma internals the hook is installed through (Prisma 5 to 7). */
type ExtensionList = { append(extension: object): ExtensionList }
type Hookable = { _extensions?: ExtensionList; $transaction?: (...args: unknown[]) => Promise<unknown> }
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

const refused = (why: string) =>
  new Error(
    `createPrismaInvalidationAdapter: ${why}, so its writes could not invalidate anything. Pass the PrismaClient ` +
      'you constructed (new PrismaClient(...)), before calling $extends on it: clients extended from it afterwards ' +
      'are hooked too.',
  )

/**
 * Invalidates Reality keys after each successful Prisma write made through the client you pass (or a client
 * extended from it afterwards). Throws when that client cannot be hooked, e.g. an already extended one.
 *
 * @example
 * const adapter = createPrismaInvalidationAdapter({
 *   prisma,
 *   keyExtractor: (model, operation, data) => (model === 'Post' ? ['posts'] : []),
 * })
 * server.setInvalidationAdapter(adapter)
 * await prisma.post.create({ data: { title: 'Hello' } }) // then 'posts' is invalidated
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
  const hookable = prisma as unknown as Hookable
  const extensions = hookable._extensions
  const runTransaction = hookable.$transaction as (this: unknown, ...args: unknown[]) => Promise<unknown>
  if (typeof extensions?.append !== 'function' || typeof runTransaction !== 'function')
    throw refused('this object is not a Prisma 5+ client')
  // What `$extends` would put in the new client, put in this one: the hook runs like any extension of it.
  const hooked = extensions.append(hooks)
  if (!Reflect.set(hookable, '_extensions', hooked) || hookable._extensions !== hooked)
    throw refused('this client is an extended one ($extends), whose extensions are fixed')

  /** A transaction client whose model writes add their keys to `pending`. */
  const tracked = (tx: object, pending: Write[]): object =>
    new Proxy(tx, {
      get(object, property) {
        const value = Reflect.get(object, property)
        // A nested transaction's writes wait for the outermost commit too.
        if (property === '$transaction')
          return (work: unknown, ...rest: unknown[]) =>
            runTransaction.call(
              object,
              typeof work === 'function' ? (inner: object) => work(tracked(inner, pending)) : work,
              ...rest,
            )
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
  const batch = (
    transaction: (...args: unknown[]) => Promise<unknown>,
    items: BatchItem[],
    rest: unknown[],
  ): Promise<unknown> => {
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
    return transaction(items, ...rest).then(
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

  // Called on the client it was read from: this one, or a client extended from it afterwards.
  function $transaction(this: unknown, work: unknown, ...rest: unknown[]) {
    const transaction = (...args: unknown[]) => runTransaction.apply(this ?? prisma, args)
    if (Array.isArray(work)) return batch(transaction, work as BatchItem[], rest)
    if (typeof work !== 'function') return transaction(work, ...rest)
    const pending: Write[] = []
    return transaction((tx: object) => (work as (tx: object) => unknown)(tracked(tx, pending)), ...rest).then(
      async (result) => {
        await target.invalidate(keysOf(pending))
        return result
      },
    )
  }
  if (!Reflect.set(hookable, '$transaction', $transaction)) throw refused('its $transaction cannot be wrapped')

  return {
    client: prisma,
    attach: (server) => target.attach(server),
    detach: () => target.detach(),
  }
}
