/**
 * The cacheable `GET` sync for clients behind an HTTP cache (nginx, a CDN). Kept out of the
 * root entry so the core client stays within its size budget; see docs/EDGE.md.
 *
 * @module @rootlodge/reality/edge
 */

export { type CacheableFetchOptions, createCacheableFetch } from './cacheable-fetch'
