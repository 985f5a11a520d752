import { Histogram, SYNC_SECONDS_BUCKETS } from './histogram'

/*
 * Counters only the metrics endpoint reads, kept per server outside the server object (like
 * the HTTP settings in http/config.ts): requests by route, method and status, recorded by the
 * HTTP layer, and the sync latency histogram, recorded by the core.
 */

export interface ServerMetrics {
  /** `route method status` → requests answered. */
  readonly requests: Map<string, number>
  /** Seconds from a sync request's parse to its answer. */
  readonly syncSeconds: Histogram
}

const registry = new WeakMap<object, ServerMetrics>()

export const metricsOf = (server: object): ServerMetrics => {
  let metrics = registry.get(server)
  if (!metrics) {
    metrics = { requests: new Map(), syncSeconds: new Histogram(SYNC_SECONDS_BUCKETS) }
    registry.set(server, metrics)
  }
  return metrics
}

export const countRequest = (server: object, route: string, method: string, status: number): void => {
  const requests = metricsOf(server).requests
  const id = `${route} ${method} ${status}`
  requests.set(id, (requests.get(id) ?? 0) + 1)
}
