/**
 * @module
 * `@rootlodge/reality/react`: `RealityProvider` and hooks over the client core, built on `useSyncExternalStore`.
 */
export { RealityContext, useRealityClient } from './context'
export { RealityProvider, type RealityProviderProps } from './provider'
export type { RealitySchema } from './schema'
export { type UseMutationResult, useMutation } from './use-mutation'
export { type UseRealityOptions, type UseRealityResult, useReality } from './use-reality'
export { type UseSyncResult, useSync } from './use-sync'
