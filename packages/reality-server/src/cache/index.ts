export { CatchUpCursor } from './catch-up-cursor'
export { ReadCache, type ReadCacheOptions, type ReadCacheStats } from './read-cache'
