import type { RealityStorage } from '../storage/types'

/** Cross-origin settings for browsers calling a server on another origin. */
export interface CorsOptions {
  /** Allowed origins; `['*']` or omitted allows any origin. */
  origins?: string[]
  /** Send `Access-Control-Allow-Credentials: true` (the request's origin is echoed, never `*`). */
  credentials?: boolean
  /** Seconds a browser may cache a preflight answer (default 600). */
  maxAge?: number
}

/** Explicit bounds on what one request may cost. */
export interface RealityLimits {
  /** Largest request body in bytes (default 262,144 = 256 KiB); larger gets 413. */
  maxBodyBytes: number
  /** Most keys in one sync request (default 1,000); more gets 413. */
  maxKeysPerRequest: number
}

export const DEFAULT_LIMITS: RealityLimits = { maxBodyBytes: 256 * 1024, maxKeysPerRequest: 1000 }

/** Redis clients for cross-server acceleration (ioredis or node-redis). */
export interface RedisConfig {
  publisher: unknown
  subscriber: unknown
  channel?: string
}

export interface RealityServerOptions {
  /** Unique id of this instance, echoed as `source` and in mesh info. Generated when absent. */
  serverId?: string
  /** Where versions live. Defaults to a new `MemoryStorage`. */
  storage?: RealityStorage
  /** URLs of the other servers of the mesh. */
  meshPeers?: string[]
  /** Alias of `meshPeers`, as the API guide spells it. */
  peers?: string[]
  /** Redis acceleration (accepted; see docs/SERVER.md for what is live). */
  redis?: RedisConfig
  /** CORS for browsers on other origins: `true` allows any origin. */
  cors?: CorsOptions | boolean
  /** Called with every server-side failure (storage errors, bugs); never with client mistakes. */
  onError?: (error: unknown) => void
  /** Log each request and update to the console. */
  debug?: boolean
  /** Port and host for `reality-server` and `listen()` helpers. */
  port?: number
  host?: string
  /** Request bounds; see `DEFAULT_LIMITS`. */
  limits?: Partial<RealityLimits>
  /** Enables `POST {prefix}/invalidate` for callers sending `Authorization: Bearer <token>`. */
  adminToken?: string
  /** Seconds sent in `Retry-After` when the storage is unavailable (default 1). */
  retryAfterSeconds?: number
}

/** What `getStats()` reports; counters start at zero when the server is created. */
export interface ServerStats {
  serverId: string
  /** Keys the storage holds. */
  keysTracked: number
  /** Sync requests answered with 200. */
  syncsServed: number
  /** Keys checked across all syncs. */
  keysChecked: number
  /** Keys reported in `changed` across all syncs. */
  keysChanged: number
  /** Updates written through `updateNode`/`invalidate`. */
  updates: number
  /** Failures: storage errors and rejected requests. */
  errors: number
  /** Requests refused for client mistakes (4xx). */
  rejected: number
  uptimeMs: number
  startedAt: number
  peers: number
}
