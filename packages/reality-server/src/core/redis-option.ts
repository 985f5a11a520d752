import { createRedisAccelerator, type RedisAcceleratorOptions } from '../accel/redis'
import type { Accelerator } from '../accel/types'

/** True for an accelerator (as opposed to the Redis clients of the `redis` option). */
const isAccelerator = (value: unknown): value is Accelerator =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Accelerator).start === 'function' &&
  typeof (value as Accelerator).publish === 'function' &&
  typeof (value as Accelerator).wake === 'function'

/** The `redis` option and `setRedis` take an accelerator or the clients to build one from. */
export const toAccelerator = (redis: Accelerator | RedisAcceleratorOptions): Accelerator =>
  isAccelerator(redis) ? redis : createRedisAccelerator(redis)
