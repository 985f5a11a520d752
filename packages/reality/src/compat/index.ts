/**
 * Drop-in replacements for `EventSource` and polling loops, for a gradual migration.
 * Both are built on the public client: short requests only, payloads fetched only when they changed.
 *
 * @module @rootlodge/reality/compat
 */

export { RealityEventSource, type RealityEventSourceEventMap, type RealityEventSourceInit } from './event-source'
export { createPollingAdapter, type PollingAdapter, type PollingAdapterOptions } from './polling-adapter'
