/**
 * The Reality sync server, its HTTP handlers for every runtime,
 * storage adapters and the embedded server for SSR.
 *
 * @module @rootlodge/reality-server
 */

export type {
  ChangedNode,
  MeshInfo,
  RealityNodeMeta,
  SyncRequest,
  SyncRequestInput,
  SyncResponse,
} from '@rootlodge/reality/types'
// The same function as the client's `createHash`, so both sides hash content identically.
export { createHash } from '@rootlodge/reality/types'
export * from './accel'
export type * from './auth'
export type { ReadCacheStats } from './cache/read-cache'
export type { SSEOptions } from './compat/sse'
export { InvalidRequestError, PayloadTooLargeError, RealityHttpError, StorageUnavailableError } from './core/errors'
export type { RealityHooks, RequestEndEvent, RequestStartEvent, SyncEvent } from './core/hooks'
export type { InvalidationAdapter, InvalidationTarget } from './core/invalidation'
export {
  type CorsOptions,
  DEFAULT_LIMITS,
  DEFAULT_MAX_COMMIT_LAG,
  DEFAULT_REFRESH_INTERVAL,
  type RealityLimits,
  type RealityServerOptions,
  type RedisConfig,
  type ServerStats,
} from './core/options'
export type { RealityCore } from './core/reality-core'
export * from './embedded'
export { createExpressAdapter, createExpressMiddleware } from './http/express'
export { createFastifyPlugin, type FastifyInstanceLike } from './http/fastify'
export { handleFetchRequest } from './http/fetch'
export { createHonoMiddleware, type HonoContextLike, type HonoMiddlewareOptions } from './http/hono'
export type { ListenOptions, RealityListener } from './http/listen'
export { createNextRouteHandlers, type NextRouteHandlerOptions, type NextRouteHandlers } from './http/nextjs'
export { createNodeHandler, handleNodeRequest, type NodeHandlerOptions } from './http/node'
export { createFetchHandler, type FetchHandlerOptions, type UniversalFetchHandler } from './http/universal'
export * from './invalidation'
export { createConsoleLogger, type LogFields, type LogLevel, type RealityLogger } from './logging/logger'
export type { MeshMode, MeshOptions } from './mesh/mesh'
export * from './ratelimit'
export { createRealityServer, RealityServer } from './server'
export * from './storage'
export { createD1Executor, type D1DatabaseLike } from './storage/d1'
export { type Clock, systemClock, type TimerHandle } from './timing'
