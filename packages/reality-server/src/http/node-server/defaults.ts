import { readFileSync } from 'node:fs'

/** The process's open-file limit (Linux, `/proc/self/limits`); undefined where it cannot be read. */
export const openFileLimit = (): number | undefined => {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((text) => text.startsWith('Max open files'))
    const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0]
    const limit = Number(soft)
    return Number.isFinite(limit) && limit > 0 ? limit : undefined
  } catch {
    return undefined
  }
}

/** Most connections a server accepts by default, before any per-IP cap. */
export const MAX_CONNECTIONS_CEILING = 10_000

/**
 * The default total connection cap: 10,000, or 80% of the open-file limit when that is lower, so
 * storage pools, Redis, logs and the listener itself always find a descriptor.
 */
export const defaultMaxConnections = (limit = openFileLimit()): number =>
  limit === undefined
    ? MAX_CONNECTIONS_CEILING
    : Math.max(1, Math.min(MAX_CONNECTIONS_CEILING, Math.floor(limit * 0.8)))

/** Defaults of `createRealityHttpServer`; docs/SECURITY.md says why each was chosen. */
export const DEFAULT_HTTP_SERVER_LIMITS = {
  /** ms to receive a request's headers, counted from the connection or the previous request. */
  headersTimeout: 10_000,
  /** ms to receive a whole request (headers and body); Node answers a bare 408 past it. */
  requestTimeout: 30_000,
  /** ms to receive a request's body once its headers arrived; past it, 408 with a JSON body. */
  bodyTimeout: 10_000,
  /** ms an idle keep-alive connection stays open between requests. */
  keepAliveTimeout: 5_000,
  /** Open connections from one IPv4 address or IPv6 /64; 0 turns the cap off. */
  maxConnectionsPerIp: 128,
  /** ms between Node's sweeps for connections past `headersTimeout` or `requestTimeout`. */
  connectionsCheckingInterval: 1_000,
  /** `Retry-After` seconds of the 503 answered while the server drains. */
  shutdownRetryAfter: 2,
  /** ms `close()` waits for requests in flight before cutting them. */
  shutdownTimeout: 10_000,
} as const
