/**
 * @module
 * `@rootlodge/reality/react`: `RealityProvider` and hooks over the client core, built on `useSyncExternalStore`.
 */
export { useRealityClient } from './context'
export { RealityProvider, type RealityProviderProps } from './provider'
export type { RealitySchema } from './schema'
export { type UseMutationResult, useMutation } from './use-mutation'
export { useReality } from './use-reality'
export type {
  FallbackData,
  UseRealityOptions,
  UseRealityOptionsWithSchema,
  UseRealityResult,
} from './use-reality-types'
export { type UseSyncResult, useSync } from './use-sync'
