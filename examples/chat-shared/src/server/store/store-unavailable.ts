/**
 * The store cannot be reached right now (connection refused or dropped, server shutting down,
 * too many connections). Servers answer 503 with `Retry-After`; the request may be retried
 * as it is, since every command is idempotent.
 */
export class StoreUnavailable extends Error {
  constructor(cause: unknown) {
    super(`store unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
    this.name = 'StoreUnavailable'
  }
}

/*
 * SQLSTATE classes that mean "the database is not there", not "this statement is wrong":
 * 08 connection exception, 28 authorization (a login refused), 53 insufficient resources,
 * 57 operator intervention (pg_terminate_backend, shutdown). An error with no SQLSTATE at all
 * comes from the socket (ECONNREFUSED, "Connection terminated unexpectedly", a timeout).
 */
const UNAVAILABLE_CLASSES = new Set(['08', '28', '53', '57'])

export const isUnavailable = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return true
  return UNAVAILABLE_CLASSES.has(code.slice(0, 2))
}
