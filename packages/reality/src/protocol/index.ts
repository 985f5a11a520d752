/**
 * @module
 * The Reality wire protocol: Zod schemas, inferred types and constants. Import from
 * `@rootlodge/reality/types`.
 */
export * from './constants'
export * from './embedded-registry'
export * from './issues'
export * from './legacy-schemas'
export * from './mesh'
export * from './response-guard'
export * from './schemas'
export * from './sse'
