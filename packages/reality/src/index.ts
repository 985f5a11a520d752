/**
 * The Reality client. Subscribe to keys, sync them with a Reality server in batched requests,
 * refetch payloads only when they changed. React hooks live in `@rootlodge/reality/react`, React Native wiring in
 * `@rootlodge/reality/native`, the wire protocol in `@rootlodge/reality/types`.
 *
 * @module @rootlodge/reality
 */

export { createReality, createRealityClient, RealityClient } from './core/client'
export type { ResolvedExecutionMode } from './core/execution'
export { type RealityKey, realityKey } from './core/key'
export type {
  Fetcher,
  FreshnessOptions,
  MutateOptions,
  RealityManagers,
  RealityNodeState,
  RealityOptions,
  RealityStatus,
  RealtimeHandle,
  SubscribeOptions,
} from './core/types'
export {
  BooleanManager,
  EventManager,
  type EventSetup,
  FocusManager,
  focusManager,
  InteractionManager,
  interactionManager,
  OnlineManager,
  onlineManager,
  Subscribable,
  type TimeoutProvider,
  timeoutManager,
  VisibilityManager,
  visibilityManager,
} from './managers'
export type {
  ExecutionMode,
  RealityNodeMeta,
  SyncHint,
  SyncMode,
  SyncRequest,
  SyncResponse,
} from './protocol/schemas'
export * from './ssr'
export { RealityError, type RealityErrorCode } from './transport/errors'
export type { HeadersOption } from './transport/types'
export { createHash } from './utils/hash'
