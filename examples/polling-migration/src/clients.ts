import { createPollingAdapter } from '@rootlodge/reality/compat'
import type { Order } from './feed'

/*
 * The two apps' data loading, as a browser page runs it (src/browser.ts) and as the headless measurement runs it
 * (src/measure.ts). `base` is the server's origin ('' in the page: same origin).
 */

export interface ClientOptions {
  base: string
  /** Milliseconds between two polls. */
  interval: number
  onData: (orders: Order[]) => void
}

export interface RunningClient {
  stop(): void
}

/** Before: the naive loop. Every interval, the whole payload, changed or not. */
export const startOldClient = ({ base, interval, onData }: ClientOptions): RunningClient => {
  const load = async () => {
    const response = await fetch(`${base}/old/api/orders`)
    onData((await response.json()) as Order[])
  }
  void load().catch(() => undefined)
  const timer = setInterval(() => void load().catch(() => undefined), interval)
  return { stop: () => clearInterval(timer) }
}

/** After: Reality's polling adapter. Every interval, a version check; the payload only when it changed. */
export const startNewClient = ({ base, interval, onData }: ClientOptions): RunningClient => {
  const adapter = createPollingAdapter<Order[]>({
    key: 'orders',
    realityEndpoint: `${base}/new/reality/sync`,
    payloadEndpoint: `${base}/new/api/orders`,
    interval,
    onData,
  })
  adapter.start()
  return { stop: () => adapter.stop() }
}
