/** Wire-level names and limits shared by every Reality client and server. */

/** Version of the sync protocol spoken by this package. */
export const PROTOCOL_VERSION = 1

/** Default mount point of a Reality server. */
export const DEFAULT_PREFIX = '/reality'
/** Sync: `POST` a body of known versions, or the cacheable `GET ?keys=` (see `SYNC_KEYS_PARAM`). */
export const SYNC_PATH = '/sync'
/** Liveness: `200 {status:"ok"}`, or `503` with `Retry-After` while the storage is unreachable. */
export const HEALTH_PATH = '/health'
/** Lets a backend outside the server's process mark keys changed; needs the admin token. */
export const INVALIDATE_PATH = '/invalidate'
/** Where servers of a mesh exchange updates with each other (see `MeshRequestSchema`). */
export const MESH_PATH = '/mesh'
/** SSE compatibility: `GET {prefix}/events?key=a&key=b` answers a finished event stream (see protocol/sse.ts). */
export const EVENTS_PATH = '/events'
/** Prometheus text exposition, for holders of the admin token. */
export const METRICS_PATH = '/metrics'
/** Readiness (storage reachable, cache warm, not draining); `/health` is liveness. */
export const READY_PATH = '/ready'

/**
 * Every route a Reality server answers under its prefix, each `{ name, path, methods }`: its name (`RouteName`, as
 * hooks and logs report it), its path under the prefix, and the methods it accepts besides OPTIONS (CORS preflight).
 * Server adapters derive their routes from this list.
 */
export const ROUTES = [
  { name: 'sync', path: SYNC_PATH, methods: ['POST', 'GET', 'HEAD'] },
  { name: 'health', path: HEALTH_PATH, methods: ['GET', 'HEAD'] },
  { name: 'invalidate', path: INVALIDATE_PATH, methods: ['POST'] },
  { name: 'mesh', path: MESH_PATH, methods: ['POST'] },
  { name: 'events', path: EVENTS_PATH, methods: ['GET', 'HEAD'] },
  { name: 'metrics', path: METRICS_PATH, methods: ['GET'] },
  { name: 'ready', path: READY_PATH, methods: ['GET', 'HEAD'] },
] as const

/** The name of a route of `ROUTES`: `sync`, `health`, `invalidate`, `mesh`, `events`, `metrics` or `ready`. */
export type RouteName = (typeof ROUTES)[number]['name']

/** A key is 1 to 256 UTF-16 code units. Longer keys are a client bug, not data. */
export const MAX_KEY_LENGTH = 256

/** The values of a sync request's `mode`: the native client, `RealityEventSource`, the polling adapter. */
export const SYNC_MODES = ['native', 'sse-compat', 'polling-compat'] as const
/** The values of a sync request's `hint`: what made the client sync (a user action, focus, its cadence, …). */
export const SYNC_HINTS = ['interaction', 'focus', 'idle', 'mutation', 'mount', 'reconnect'] as const
/**
 * The client's `executionMode` values: `client` syncs over HTTP, `ssr-embedded` calls the embedded server in process,
 * `server-external` syncs over HTTP from a server runtime, `auto` picks per request.
 */
export const EXECUTION_MODES = ['auto', 'client', 'ssr-embedded', 'server-external'] as const
/** The health a server records for each mesh peer. */
export const PEER_HEALTH = ['healthy', 'degraded', 'unhealthy', 'unknown'] as const

/** Error codes carried in the `error` field of every non-2xx JSON body. */
export const ERROR_CODES = {
  /** 400: the body is empty or not JSON. */
  invalidJson: 'invalid_json',
  /** 400: the body breaks the schema; `issues` names the fields. */
  invalidRequest: 'invalid_request',
  /** 413: the body is over `limits.maxBodyBytes`. */
  bodyTooLarge: 'body_too_large',
  /** 413: more keys than `limits.maxKeysPerRequest` (or `MAX_CACHEABLE_KEYS` in a `GET` sync). */
  tooManyKeys: 'too_many_keys',
  /** 405: a method the route does not accept; `Allow` lists those it does. */
  methodNotAllowed: 'method_not_allowed',
  /** 404: a path outside the routes, or `/mesh` on a server without a mesh. */
  notFound: 'not_found',
  /** 401: an admin route without the admin token, or a mesh exchange without the mesh secret. */
  unauthorized: 'unauthorized',
  /** 415: a `POST` without `content-type: application/json`. */
  unsupportedMediaType: 'unsupported_media_type',
  /** 414: a `GET` sync URL longer than `MAX_CACHEABLE_URL_LENGTH`. */
  uriTooLong: 'uri_too_long',
  /** 408: the body did not arrive within the node:http server's `bodyTimeout`. */
  requestTimeout: 'request_timeout',
  /** 429: over the rate limit; `Retry-After` says when a retry gets through. */
  rateLimited: 'rate_limited',
  /** 503: the storage failed; `Retry-After` says when to retry. */
  storageUnavailable: 'storage_unavailable',
  /** 503: the server is draining before it exits; `Retry-After` says when to come back. */
  shuttingDown: 'shutting_down',
  /** 500: a bug, reported to `onError`. */
  internal: 'internal_error',
} as const

/** A value of `ERROR_CODES`: the `error` field of an error body. */
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES]
