import type { InvalidationAdapter } from '../core/invalidation'
import { type ExtractedKeys, HookTarget } from './target'

/*
 * Drizzle has no hooks, so the adapter wraps the database object you pass: while attached,
 * `db.insert/update/delete(table)` return the usual builders behind a proxy that notes the
 * values written and, once the statement has succeeded, invalidates the keyExtractor's keys.
 * Inside `db.transaction(...)` keys wait for the commit; a rollback invalidates nothing.
 *
 *   db.insert(messages).values(row) ──await──► driver ok ──► keyExtractor('messages', 'insert', row)
 *                                              driver error ─► nothing          └► server.invalidateMany
 */

/** The Drizzle statements that invalidate. */
export type DrizzleWriteOperation = 'insert' | 'update' | 'delete'

/**
 * The keys a write changed. `data` is, per row: the row returned by `.returning()` when used,
 * else the inserted values (insert) or the `.set()` patch (update); `{}` for a delete
 * without `.returning()`.
 */
export type DrizzleKeyExtractor = (
  tableName: string,
  operation: DrizzleWriteOperation,
  data: Record<string, unknown>,
) => ExtractedKeys

/** Options of `createDrizzleInvalidationAdapter`. */
export interface DrizzleInvalidationOptions {
  /** The Drizzle database your app writes through (any driver). */
  db: object
  /** The keys each written row changes. */
  keyExtractor: DrizzleKeyExtractor
}

type AnyFunction = (...args: unknown[]) => unknown
type Methods = Record<PropertyKey, unknown>

const TABLE_NAME = Symbol.for('drizzle:Name')
const WRITES: readonly DrizzleWriteOperation[] = ['insert', 'update', 'delete']
// Methods that run a statement (promise-like `then`, `execute`; sync SQLite `run`/`all`/`get`).
const RUNS = new Set<PropertyKey>(['then', 'execute', 'run', 'all', 'get'])

interface Write {
  table: string
  operation: DrizzleWriteOperation
  rows: unknown[]
  returning: boolean
}

/** A statement that succeeded, with what the driver returned. */
interface Done {
  write: Write
  result: unknown
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function'
const isBuilder = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && (isThenable(value) || typeof (value as Methods).execute === 'function')

/**
 * Invalidates Reality keys after each successful insert, update or delete made through a
 * Drizzle database, once attached with `server.setInvalidationAdapter(adapter)`.
 *
 * @example
 * server.setInvalidationAdapter(createDrizzleInvalidationAdapter({
 *   db,
 *   keyExtractor: (tableName, operation, data) => (tableName === 'messages' ? [`chat:room:${data.roomId}`] : []),
 * }))
 */
export const createDrizzleInvalidationAdapter = (options: DrizzleInvalidationOptions): InvalidationAdapter => {
  const { db, keyExtractor } = options
  const target = new HookTarget()
  let restore: (() => void) | undefined

  /** The keys of committed statements; the extractor never sees a write that was rolled back. */
  const keysOf = (done: readonly Done[]) => {
    const keys = new Set<string>()
    for (const { write, result } of done) {
      const rows = write.returning && Array.isArray(result) ? result : write.rows
      target.collect(rows.length ? rows : [{}], (row) => keyExtractor(write.table, write.operation, row), keys)
    }
    return keys
  }

  /** A finished statement waits in its transaction's list, or is invalidated now. */
  const finished = (write: Write, result: unknown, pending: Done[] | undefined): Promise<void> | undefined => {
    if (!pending) return target.invalidate(keysOf([{ write, result }]))
    pending.push({ write, result })
    return undefined
  }

  const wrapBuilder = (builder: object, write: Write, pending: Done[] | undefined): object =>
    new Proxy(builder, {
      get(object, property) {
        const value = Reflect.get(object, property, object)
        if (typeof value !== 'function') return value
        const method = value as AnyFunction
        if (RUNS.has(property)) {
          return (...args: unknown[]) => {
            if (property === 'then') {
              const [onFulfilled, onRejected] = args as [AnyFunction?, AnyFunction?]
              return (
                method.call(object, (result: unknown) =>
                  Promise.resolve(finished(write, result, pending)).then(() => result),
                ) as Promise<unknown>
              ).then(onFulfilled, onRejected)
            }
            const result = method.apply(object, args)
            if (isThenable(result))
              return Promise.resolve(result).then(async (value) => {
                await finished(write, value, pending)
                return value
              })
            void finished(write, result, pending) // synchronous driver (better-sqlite3)
            return result
          }
        }
        return (...args: unknown[]) => {
          if (property === 'values' && write.operation === 'insert') write.rows = [args[0]].flat()
          if (property === 'set' && write.operation === 'update') write.rows = [args[0]]
          if (property === 'returning') write.returning = true
          const result = method.apply(object, args)
          return isBuilder(result) ? wrapBuilder(result, write, pending) : result
        }
      },
    })

  /** The write methods of `source` (the database or a transaction), wrapped. */
  const writeMethods = (source: Methods, pending: Done[] | undefined): Methods => {
    const out: Methods = {}
    for (const operation of WRITES) {
      const original = source[operation] as AnyFunction
      out[operation] = (table: unknown, ...rest: unknown[]) => {
        const builder = original.call(source, table, ...rest) as object
        const name = String((table as Methods | null)?.[TABLE_NAME] ?? '')
        return wrapBuilder(builder, { table: name, operation, rows: [], returning: false }, pending)
      }
    }
    const transaction = source.transaction as AnyFunction | undefined
    if (typeof transaction === 'function') {
      out.transaction = (work: AnyFunction, ...rest: unknown[]) => {
        // Nested transactions (savepoints) add to the outermost list: keys wait for the real commit.
        const done = pending ?? []
        const result = transaction.call(source, (tx: Methods) => work(wrapSource(tx, done)), ...rest)
        if (pending) return result
        if (isThenable(result))
          return Promise.resolve(result).then(async (value) => {
            await target.invalidate(keysOf(done))
            return value
          })
        void target.invalidate(keysOf(done)) // synchronous driver: the transaction has committed
        return result
      }
    }
    return out
  }

  const wrapSource = (tx: Methods, pending: Done[]): Methods => {
    const methods = writeMethods(tx, pending)
    return new Proxy(tx, {
      get: (object, property) =>
        Object.hasOwn(methods, property) ? methods[property] : Reflect.get(object, property, object),
    })
  }

  return {
    attach(server) {
      restore?.()
      target.attach(server)
      // Own properties shadow the prototype's methods; detach deletes them (or restores own ones).
      const source = db as Methods
      const saved = new Map<PropertyKey, PropertyDescriptor | undefined>()
      for (const [property, method] of Object.entries(writeMethods(source, undefined))) {
        saved.set(property, Object.getOwnPropertyDescriptor(source, property))
        Object.defineProperty(source, property, { value: method, configurable: true, writable: true })
      }
      restore = () => {
        for (const [property, descriptor] of saved) {
          if (descriptor) Object.defineProperty(source, property, descriptor)
          else delete source[property]
        }
      }
    },
    detach() {
      restore?.()
      restore = undefined
      target.detach()
    },
  }
}
