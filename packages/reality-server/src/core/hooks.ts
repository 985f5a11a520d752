import type { RouteName } from '@rootlodge/reality/types'

/*
 * Hooks let a team trace a request and a sync end to end (an OpenTelemetry span, a request id
 * in its own logs) without the server depending on a tracing library: docs/SERVER.md shows
 * `onRequest` starting a span with `@opentelemetry/api` and ending it in the returned callback.
 */

/** A request as it arrives, before it is handled. */
export interface RequestStartEvent {
  /** The request's method. */
  method: string
  /** The route of `ROUTES`, or `null` for a path outside them (answered 404). */
  route: RouteName | null
  /** A request header, e.g. `traceparent` to continue the caller's trace. */
  header(name: string): string | null | undefined
}

/** How a request ended. */
export interface RequestEndEvent {
  /** The status answered. */
  status: number
  /** Time from arrival to the end of the answer, in ms. */
  durationMs: number
  /** For a sync: the client's id. */
  clientId?: string
  /** For a sync: the number of keys it asked about. */
  keys?: number
}

/** One sync answered (over HTTP or `handleSync` in process). */
export interface SyncEvent {
  /** The server that answered. */
  serverId: string
  /** The client's `clientId`. */
  clientId: string
  /** Why the client synced (`SyncHint`). */
  hint: string
  /** Keys the client asked about. */
  keys: number
  /** How many of them had changed. */
  changed: number
  /** Time to answer, in ms. */
  durationMs: number
}

/**
 * The `hooks` server option: calls at the start and end of each request and after each sync, to trace them (an
 * OpenTelemetry span, a request id in your logs) without the server depending on a tracing library. A hook that
 * throws is logged and never fails the request.
 *
 * @example
 * createRealityServer({
 *   hooks: {
 *     onRequest: (start) => {
 *       const began = performance.now()
 *       return (end) => console.log(start.method, start.route, end.status, performance.now() - began)
 *     },
 *   },
 * })
 */
export interface RealityHooks {
  /** Called when a request arrives; a function it returns is called when the request ends. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook that returns nothing is written `() => { … }`, typed void.
  onRequest?(event: RequestStartEvent): ((end: RequestEndEvent) => void) | void
  /** Called after every successful sync. */
  onSync?(event: SyncEvent): void
}
