export {
  createPostgresAccelerator,
  DEFAULT_POSTGRES_CHANNEL,
  type PgClientLike,
  type PgPoolLike,
  type PostgresAcceleratorOptions,
} from './postgres'
export { createRedisAccelerator, DEFAULT_REDIS_CHANNEL, type RedisAcceleratorOptions } from './redis'
export type {
  Accelerator,
  AcceleratorSink,
  AcceleratorState,
  AcceleratorStats,
} from './types'
