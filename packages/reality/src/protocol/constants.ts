/** Wire-level names and limits shared by every Reality client and server. */

/** Version of the sync protocol spoken by this package. */
export const PROTOCOL_VERSION = 1

/** Default mount point of a Reality server. */
export const DEFAULT_PREFIX = '/reality'
export const SYNC_PATH = '/sync'
export const HEALTH_PATH = '/health'
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
 * Every route a Reality server answers under its prefix, with the methods it accepts besides
 * OPTIONS (CORS preflight). Server adapters derive their routes from this list.
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

export type RouteName = (typeof ROUTES)[number]['name']

/** A key is 1 to 256 UTF-16 code units. Longer keys are a client bug, not data. */
export const MAX_KEY_LENGTH = 256

export const SYNC_MODES = ['native', 'sse-compat', 'polling-compat'] as const
export const SYNC_HINTS = ['interaction', 'focus', 'idle', 'mutation', 'mount', 'reconnect'] as const
export const EXECUTION_MODES = ['auto', 'client', 'ssr-embedded', 'server-external'] as const
export const PEER_HEALTH = ['healthy', 'degraded', 'unhealthy', 'unknown'] as const

/** Error codes carried in the `error` field of every non-2xx JSON body. */
export const ERROR_CODES = {
  invalidJson: 'invalid_json',
  invalidRequest: 'invalid_request',
  bodyTooLarge: 'body_too_large',
  tooManyKeys: 'too_many_keys',
  methodNotAllowed: 'method_not_allowed',
  notFound: 'not_found',
  unauthorized: 'unauthorized',
  unsupportedMediaType: 'unsupported_media_type',
  uriTooLong: 'uri_too_long',
  requestTimeout: 'request_timeout',
  rateLimited: 'rate_limited',
  storageUnavailable: 'storage_unavailable',
  shuttingDown: 'shutting_down',
  internal: 'internal_error',
} as const

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES]
