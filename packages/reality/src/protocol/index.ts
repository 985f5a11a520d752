/**
 * The Reality wire protocol: Zod schemas, inferred types and constants. Import from
 * `@rootlodge/reality/types`.
 *
 * @module @rootlodge/reality/types
 */

// The content hash of a node: shared with the server package, which re-exports it (one implementation).
export { createHash } from '../utils/hash'
export * from './cacheable'
export * from './constants'
export * from './embedded-registry'
export * from './issues'
export * from './legacy-schemas'
export * from './mesh'
export * from './response-guard'
export * from './schemas'
export * from './sse'
