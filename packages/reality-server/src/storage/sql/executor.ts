/*
 * The one thing SQLStorage needs from a driver: run a statement with positional parameters.
 * Drivers disagree on what comes back (pg: `{ rows }`, mysql2: `[rows, fields]` or a result
 * header, better-sqlite3: an array or a run result), so results are normalised here once.
 */

/** Runs one parameterized statement; resolves to the driver's result (rows, or a write header). */
export type SqlQuery = (sql: string, params: unknown[]) => unknown

/** A user-supplied object that runs SQL, as in `{ query: (sql, params) => pool.query(sql, params) }`. */
export interface SqlExecutor {
  /** Runs one statement with positional parameters. */
  query: SqlQuery
}

export type SqlRow = Record<string, unknown>

/** What a write reports, when the driver says (mysql2: `affectedRows`, `insertId`). */
export interface WriteHeader {
  affectedRows?: unknown
  insertId?: unknown
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

/** mysql2 resolves `[rows, fields]` for reads and `[header, undefined]` for writes. */
const unwrapTuple = (result: unknown): unknown => {
  if (!Array.isArray(result) || result.length !== 2) return result
  const [first, second] = result
  if (second !== undefined && !Array.isArray(second)) return result
  return Array.isArray(first) || (isObject(first) && ('affectedRows' in first || 'insertId' in first)) ? first : result
}

/** The rows of a result: an array as is, `{ rows }` (pg's QueryResult), or none for a write header. */
export const rowsOf = (result: unknown): SqlRow[] => {
  const value = unwrapTuple(result)
  if (Array.isArray(value)) return value as SqlRow[]
  if (isObject(value) && Array.isArray(value.rows)) return value.rows as SqlRow[]
  return []
}

/** The header of a write result, or `undefined` when the executor returned rows only. */
export const headerOf = (result: unknown): WriteHeader | undefined => {
  const value = unwrapTuple(result)
  return isObject(value) && !Array.isArray(value) && ('insertId' in value || 'affectedRows' in value)
    ? (value as WriteHeader)
    : undefined
}

/** A BIGINT as a number: drivers return strings (pg, postgres.js), bigints (Prisma) or numbers. */
export const toNumber = (value: unknown): number => {
  const number = typeof value === 'number' ? value : Number(value)
  if (!Number.isFinite(number)) throw new TypeError(`expected a numeric column value, got ${String(value)}`)
  return number
}

const decoder = new TextDecoder('utf-8')

/** A text column as a string; binary columns (MySQL VARBINARY keys) come back as bytes. */
export const toText = (value: unknown): string => {
  if (typeof value === 'string') return value
  if (value instanceof Uint8Array) return decoder.decode(value)
  return String(value)
}
