import type { RouteName } from '@rootlodge/reality/types'

/*
 * Hooks let a team trace a request and a sync end to end (an OpenTelemetry span, a request id
 * in its own logs) without the server depending on a tracing library: docs/SERVER.md shows
 * `onRequest` starting a span with `@opentelemetry/api` and ending it in the returned callback.
 */

/** A request as it arrives, before it is handled. */
export interface RequestStartEvent {
  method: string
  /** The route of `ROUTES`, or `null` for a path outside them (answered 404). */
  route: RouteName | null
  /** A request header, e.g. `traceparent` to continue the caller's trace. */
  header(name: string): string | null | undefined
}

/** How a request ended. */
export interface RequestEndEvent {
  status: number
  durationMs: number
  /** For a sync: the client's id and the number of keys it asked about. */
  clientId?: string
  keys?: number
}

/** One sync answered (over HTTP or `handleSync` in process). */
export interface SyncEvent {
  serverId: string
  clientId: string
  hint: string
  /** Keys the client asked about, and how many of them had changed. */
  keys: number
  changed: number
  durationMs: number
}

export interface RealityHooks {
  /** Called when a request arrives; a function it returns is called when the request ends. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook that returns nothing is written `() => { … }`, typed void.
  onRequest?(event: RequestStartEvent): ((end: RequestEndEvent) => void) | void
  /** Called after every successful sync. */
  onSync?(event: SyncEvent): void
}
