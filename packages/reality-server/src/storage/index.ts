export { MemoryStorage, type MemoryStorageOptions } from './memory'
export type { RealityStorage } from './types'
export { VersionClock } from './version-clock'
