/**
 * @module
 * The server half both chat examples share: rooms as event logs, moderation, presence and
 * typing books, the stores (memory, PostgreSQL) and small node:http helpers.
 */
export * from './chat-service'
export * from './hash'
export * from './http-utils'
export * from './limits'
export * from './moderation'
export * from './options-from-env'
export * from './presence-book'
export * from './rate-limiter'
export * from './room-log'
export * from './rooms'
export * from './store/memory-store'
export * from './store/postgres-store'
export * from './store/store-unavailable'
export type * from './store/types'
export * from './typing-book'
export * from './validate'
