/**
 * @module
 * `@rootlodge/reality-server`: the Reality sync server, its HTTP handlers for every runtime,
 * storage adapters and the embedded server for SSR.
 */

export type {
  ChangedNode,
  MeshInfo,
  RealityNodeMeta,
  SyncRequest,
  SyncRequestInput,
  SyncResponse,
} from '@rootlodge/reality/types'
export { InvalidRequestError, PayloadTooLargeError, RealityHttpError, StorageUnavailableError } from './core/errors'
export {
  createCallbackInvalidationAdapter,
  type InvalidationAdapter,
  type InvalidationTarget,
} from './core/invalidation'
export {
  type CorsOptions,
  DEFAULT_LIMITS,
  type RealityLimits,
  type RealityServerOptions,
  type RedisConfig,
  type ServerStats,
} from './core/options'
export { createRealityServer, RealityServer } from './core/server'
export * from './embedded'
export { createExpressAdapter, createExpressMiddleware } from './http/express'
export {
  createFetchHandler,
  type FetchHandlerOptions,
  handleFetchRequest,
  type UniversalFetchHandler,
} from './http/fetch'
export { createNodeHandler, handleNodeRequest, type NodeHandlerOptions } from './http/node'
export * from './storage'
