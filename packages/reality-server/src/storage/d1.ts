import type { SqlExecutor } from './sql/executor'

/** The part of a Cloudflare D1 binding (`env.DB`) the executor uses, typed structurally. */
export interface D1DatabaseLike {
  /** Prepares a statement with `?` placeholders. */
  prepare(sql: string): {
    /** Binds the statement's values in order. */
    bind(...values: unknown[]): {
      /** Runs it and resolves to its rows. */
      all(): Promise<{
        /** The rows, as column → value. */
        results: Record<string, unknown>[]
      }>
    }
  }
}

/**
 * Runs SQLStorage's statements on a Cloudflare D1 database, the storage that fits Workers: an
 * isolate's memory is neither shared with other isolates nor kept, D1 is both. Every statement
 * SQLStorage sends is one round trip; the version counter is a single `INSERT … RETURNING`, so
 * isolates never issue the same version.
 *
 * @example
 * import { env } from 'cloudflare:workers'
 * const storage = new SQLStorage({ executor: createD1Executor(env.DB), dialect: 'sqlite' })
 */
export const createD1Executor = (db: D1DatabaseLike): SqlExecutor => ({
  query: async (sql, params) =>
    (
      await db
        .prepare(sql)
        .bind(...params)
        .all()
    ).results,
})
