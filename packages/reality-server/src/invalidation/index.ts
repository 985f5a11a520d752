export { type CallbackInvalidationOptions, createCallbackInvalidationAdapter } from './callback'
export {
  createDrizzleInvalidationAdapter,
  type DrizzleInvalidationOptions,
  type DrizzleKeyExtractor,
  type DrizzleWriteOperation,
} from './drizzle'
export {
  createPrismaInvalidationAdapter,
  type PrismaInvalidationAdapter,
  type PrismaInvalidationOptions,
  type PrismaKeyExtractor,
  type PrismaWriteOperation,
} from './prisma'
export type { ExtractedKeys } from './target'
