/**
 * A node:http server for Reality with safe defaults (timeouts,
 * connection caps, graceful shutdown). A subpath of its own because it imports `node:http`, which
 * the root entry must not (it runs on Workers without Node compatibility).
 *
 * @module @rootlodge/reality-server/node
 */

export {
  DEFAULT_HTTP_SERVER_LIMITS,
  defaultMaxConnections,
  MAX_CONNECTIONS_CEILING,
  openFileLimit,
} from './defaults'
export {
  type CloseResult,
  createRealityHttpServer,
  type RealityHttpServer,
  type RealityHttpServerOptions,
  type RealityHttpServerStats,
} from './reality-http-server'
