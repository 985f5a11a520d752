/**
 * `RealityProvider` and hooks over the client core, built on `useSyncExternalStore`.
 *
 * @module @rootlodge/reality/react
 */
export { useRealityClient } from './context'
export { RealityProvider, type RealityProviderProps } from './provider'
export type { RealitySchema, StandardSchemaIssue, StandardSchemaResult, StandardSchemaV1 } from './schema'
export {
  type MutationStatus,
  type OptimisticWrite,
  optimistic,
  type UseMutationOptions,
  type UseMutationResult,
  useMutation,
} from './use-mutation'
export { useOnline } from './use-online'
export { useReality } from './use-reality'
export type {
  FallbackData,
  KeyArg,
  KeyBound,
  KeyData,
  NoKeyType,
  Selected,
  UseRealityOptions,
  UseRealityOptionsWithSchema,
  UseRealityResult,
} from './use-reality-types'
export { type UseSyncResult, useSync } from './use-sync'
