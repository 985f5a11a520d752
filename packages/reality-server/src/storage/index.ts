export {
  createDrizzleAdapter,
  createDrizzleStorage,
  type DrizzleDatabase,
  type DrizzleStorageOptions,
} from './drizzle/storage'
export type { DynamoDBClientLike } from './dynamodb/client'
export { createDynamoDBStorage, DynamoDBStorage, type DynamoDBStorageOptions } from './dynamodb/storage'
export { MemoryStorage, type MemoryStorageOptions } from './memory'
export {
  createPrismaAdapter,
  createPrismaStorage,
  PrismaStorage,
  type PrismaStorageOptions,
} from './prisma'
export * from './sql'
export type { RealityStorage } from './types'
export { VersionClock } from './version-clock'
