import type { RealityNodeMeta } from '@rootlodge/reality/types'

/*
 * An accelerator carries updates from the server that wrote them to every other server at
 * once (Redis pub/sub, PostgreSQL LISTEN/NOTIFY). It only ever speeds things up: a message
 * lost while it is down is caught up by the read cache within its refresh interval, so no
 * method here throws or makes a request wait on it.
 */

/** `connecting` until first connected, `down` after a failure, until it reconnects by itself. */
export type AcceleratorState = 'connecting' | 'connected' | 'down' | 'closed'

/** Where an accelerator delivers what it hears; given by the server in `start`. */
export interface AcceleratorSink {
  /**
   * Nodes another server says it wrote (never this server's own). Unauthenticated: the server
   * takes only their keys, as hints to re-read from the storage.
   */
  receive(nodes: RealityNodeMeta[]): void
  /** (Re)connected: updates published while disconnected were missed, catch up now. */
  resync(): void
  /** A failure worth reporting (connection lost, publish failed); never thrown. */
  error(error: unknown): void
}

/** Counters reported by `getStats().accelerator`. */
export interface AcceleratorStats {
  /** The accelerator's kind (`redis`, `postgres`). */
  kind: string
  /** Its connection state now. */
  state: AcceleratorState
  /** Nodes sent to other servers. */
  published: number
  /** Nodes received from other servers. */
  received: number
  /** Nodes not sent because the channel was down or too many publishes were in flight. */
  dropped: number
  /** Times the channel came up (first connection included). */
  connects: number
}

/**
 * Cross-server propagation of updates. Create one with `createRedisAccelerator` or
 * `createPostgresAccelerator` and hand it to `server.setAccelerator` (or `setRedis`).
 */
export interface Accelerator {
  /** What carries the updates (`redis`, `postgres`), as reported in stats and logs. */
  readonly kind: string
  /** Its connection state now. */
  readonly state: AcceleratorState
  /** Connects and starts delivering other servers' updates; `origin` is this server's id. */
  start(origin: string, sink: AcceleratorSink): void
  /** Sends nodes this server wrote; fire and forget. */
  publish(nodes: readonly RealityNodeMeta[]): void
  /** Called on every request: an accelerator that reconnects on demand does it from here. */
  wake(): void
  /** Its counters, for `getStats().accelerator`. */
  stats(): AcceleratorStats
  /** Stops listening and releases what the accelerator opened (never the caller's clients). */
  close(): Promise<void>
}
