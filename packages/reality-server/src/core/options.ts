import type { MeshInfo } from '@rootlodge/reality/types'
import type { RedisAcceleratorOptions } from '../accel/redis'
import type { Accelerator, AcceleratorStats } from '../accel/types'
import type { Authorize } from '../auth/authorize'
import type { PublicKeys } from '../auth/public-keys'
import type { ReadCacheStats } from '../cache/read-cache'
import type { RealityLogger } from '../logging/logger'
import type { MeshOptions } from '../mesh/mesh'
import type { RateLimitOption } from '../ratelimit/rate-limiter'
import type { RealityStorage } from '../storage/types'
import type { RealityHooks } from './hooks'

/** Cross-origin settings for browsers calling a server on another origin. */
export interface CorsOptions {
  /** Allowed origins; `['*']` or omitted allows any origin. */
  origins?: string[]
  /** Send `Access-Control-Allow-Credentials: true` (the request's origin is echoed, never `*`). */
  credentials?: boolean
  /**
   * Request headers a preflight allows besides `content-type`, `authorization` and `last-event-id`: list every
   * custom header the client sends (its `headers` option), or the browser refuses the request.
   */
  allowHeaders?: string[]
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

/** The `limits` a server applies when its options give none: 256 KiB bodies, 1,000 keys per sync. */
export const DEFAULT_LIMITS: RealityLimits = { maxBodyBytes: 256 * 1024, maxKeysPerRequest: 1000 }

/**
 * Redis clients for cross-server acceleration (ioredis or node-redis): `{ publisher, subscriber,
 * channel }`, or `{ redis, channel }` with one client the server duplicates for subscribing.
 */
export type RedisConfig = RedisAcceleratorOptions

/** Default `refreshInterval`: the staleness bound of the read cache (ms). */
export const DEFAULT_REFRESH_INTERVAL = 250

/** Default `maxCommitLag` (ms), see `RealityServerOptions.maxCommitLag`. */
export const DEFAULT_MAX_COMMIT_LAG = 1000

/**
 * Options of `new RealityServer(options, storage?)` and `createRealityServer`. Every one is optional: a server with
 * none keeps its versions in a new `MemoryStorage`, fine for one process.
 *
 * @example
 * const server = createRealityServer({
 *   serverId: 'api-1',
 *   storage, // e.g. new SQLStorage({ query, dialect: 'postgres' }); default: a new MemoryStorage
 *   adminToken: process.env.REALITY_ADMIN_TOKEN, // enables POST /reality/invalidate and /metrics
 *   cors: { origins: ['https://app.example'] },
 * })
 */
export interface RealityServerOptions {
  /** Unique id of this instance, echoed as `source` and in mesh info. Generated when absent. */
  serverId?: string
  /** Where versions live. Defaults to a new `MemoryStorage`. */
  storage?: RealityStorage
  /** URLs of the other servers of the mesh. */
  meshPeers?: string[]
  /** Alias of `meshPeers`. */
  peers?: string[]
  /** Redis acceleration: the clients, or an accelerator from `createRedisAccelerator`. */
  redis?: RedisConfig | Accelerator
  /** Any accelerator, e.g. `createPostgresAccelerator({ pool })`. */
  accelerator?: Accelerator
  /**
   * Answer syncs from an in-memory copy of the storage's metadata (default: on, except for
   * in-process storages such as `MemoryStorage`, which are that memory already).
   */
  cache?: boolean
  /**
   * Longest time, in ms, a sync may be answered from metadata older than the request
   * (default 250): the read cache catches up with the storage at most this often, and only
   * when a request arrives.
   */
  refreshInterval?: number
  /**
   * Longest time, in ms, a write on a shared storage may take between getting its version and
   * committing (default 1,000). Readers re-read that window; a write that took longer is
   * redone with a fresh version. See docs/ARCHITECTURE.md.
   */
  maxCommitLag?: number
  /** Mesh settings: own URL, version slot, secret, retries, queue bounds. */
  mesh?: MeshOptions
  /**
   * Put this server's peer URLs, their health and its highest version in the `mesh` field of
   * sync responses (default false: they tell anyone where the servers are; `getStats()` and
   * `getMeshPeers()` always have them).
   */
  exposeMesh?: boolean
  /** CORS for browsers on other origins: `true` allows any origin. */
  cors?: CorsOptions | boolean
  /** Called with every server-side failure (storage errors, bugs); never with client mistakes. */
  onError?: (error: unknown) => void
  /** Log each request, sync and update: to `logger` at debug level, or to the console with timestamps. */
  debug?: boolean
  /**
   * Where the server logs, with structured fields (route, status, durationMs, keys, clientId):
   * any object with `debug/info/warn/error(fields, message)`, such as a pino logger. Client
   * mistakes (4xx) and failed admin authentication go to `warn`, failures to `error`, every
   * request and sync to `debug`. Without it, only `debug: true` logs (to the console).
   */
  logger?: RealityLogger
  /** Request and sync hooks for tracing (see `RealityHooks` and docs/SERVER.md). */
  hooks?: RealityHooks
  /** Port `server.listen()` binds (default 3456; 0 picks a free one). */
  port?: number
  /** Address `server.listen()` binds (default 127.0.0.1; 0.0.0.0 for every interface). */
  host?: string
  /** Request bounds; see `DEFAULT_LIMITS`. */
  limits?: Partial<RealityLimits>
  /**
   * Enables `POST {prefix}/invalidate` for callers sending `Authorization: Bearer <token>`, and
   * signs mesh exchanges unless `mesh.secret` is given. Kept by the HTTP layer: not readable from
   * the server.
   */
  adminToken?: string
  /** Seconds sent in `Retry-After` when the storage is unavailable (default 1). */
  retryAfterSeconds?: number
  /**
   * Requests per client and per IP address per sliding window, beyond which requests get 429 with
   * `Retry-After`: the settings of a `RateLimiter` (`{ windowMs, maxRequests, … }`) or one to share,
   * e.g. `createRedisRateLimiter(…)` for one budget across servers. Off by default.
   */
  rateLimit?: RateLimitOption
  /**
   * Which requested keys a request may learn the state of (version, hash, change time), decided before any lookup
   * on every route that reveals key state: `POST` and cacheable `GET` sync, SSE compat, `handleSync(body, ctx)`.
   * A denied key is answered exactly like an unknown one; a hook that throws denies every key of the request.
   * Without it every key's state is readable by anyone who can guess its name: see docs/SECURITY.md.
   */
  authorize?: Authorize
  /**
   * Keys whose state is the same for every viewer (prefixes or a predicate), applied after `authorize`. Only an
   * answer about public keys alone is publicly cacheable (the `GET` sync form); without this option none is.
   * See docs/EDGE.md.
   */
  publicKeys?: PublicKeys
  /** `max-age`/`s-maxage` of a publicly cacheable answer, in seconds (default 1). */
  publicMaxAge?: number
  /** `stale-while-revalidate` of a publicly cacheable answer, in seconds (default 2). */
  staleWhileRevalidate?: number
}

/** What `getStats()` reports; counters start at zero when the server is created. */
export interface ServerStats {
  /** The server's id. */
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
  /** Server-side failures: storage errors and bugs, each also reported to `onError`. */
  errors: number
  /** The storage failures among `errors`: reads and writes that answered 503. */
  storageErrors: number
  /**
   * Sync requests `handleSync` refused as invalid (400 or too many keys). Bodies refused before
   * they reach it (not JSON, over the size limit) are not counted here.
   */
  rejected: number
  /** Writes redone with a fresh version because they took longer than `maxCommitLag`. */
  rewrites: number
  /** Time since the server was created, in ms. */
  uptimeMs: number
  /** When it was created (ms since epoch). */
  startedAt: number
  /** Mesh peers known (configured and learned). */
  peers: number
  /** Read cache counters, when the server has one. */
  cache?: ReadCacheStats
  /** Accelerator state and counters, when one is installed. */
  accelerator?: AcceleratorStats
  /** Mesh view (peers, health), keys queued for peers and this server's version slot. */
  mesh?: MeshInfo & {
    /** Keys waiting to be sent to peers. */
    queued: number
    /** This server's version slot (0–999) when it issues its own versions. */
    slot: number | undefined
  }
}
