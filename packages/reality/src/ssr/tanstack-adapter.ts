import type { Fetcher } from '../core/types'
import type { RealityNodeMeta } from '../protocol/schemas'
import type { RealityDehydratedState } from './dehydrated-state'
import { getEmbeddedServer } from './embedded'
import { createSSRContext } from './ssr-context'

/** Options of `createRealityTanStackAdapter`. */
export interface TanStackRealityAdapterOptions {
  /** Keys this route depends on. */
  keys: string[]
  /**
   * Id of the embedded server. An id nobody registered means the process's only embedded server, if it has
   * exactly one; without an id, the first registered (`lookupEmbeddedServer`).
   */
  serverId?: string | undefined
  /** Payload loaders by key: their results are dehydrated too, each loaded after its version was read. */
  fetchers?: Record<string, Fetcher<unknown>> | undefined
}

/**
 * Reality for TanStack Start (or any loader/action router) rendering on the server with an embedded server:
 * `prefetch()` in loaders, `invalidate()` in actions.
 *
 * @example
 * const adapter = new TanStackRealityAdapter({ keys: ['posts'] })
 * const realityState = await adapter.prefetch()
 */
export class TanStackRealityAdapter {
  /** The keys `prefetch()` reads and `invalidate()` marks changed by default. */
  readonly keys: readonly string[]
  /** The embedded server it reads from (`undefined`: the process's default one). */
  readonly serverId: string | undefined
  readonly #fetchers: Record<string, Fetcher<unknown>>

  constructor(options: TanStackRealityAdapterOptions) {
    this.keys = [...options.keys]
    this.serverId = options.serverId
    this.#fetchers = { ...options.fetchers }
  }

  /** Reads the keys' current versions (and loads the payloads that have a fetcher): the state to hydrate from. */
  async prefetch(): Promise<RealityDehydratedState> {
    const ssr = createSSRContext({ serverId: this.serverId })
    await ssr.prefetch(this.keys)
    for (const [key, fetcher] of Object.entries(this.#fetchers)) await ssr.load(key, fetcher)
    return ssr.dehydrate()
  }

  /** Marks `keys` (default: the adapter's keys) as changed, e.g. from a server action after a write. */
  async invalidate(keys: readonly string[] = this.keys): Promise<RealityNodeMeta[]> {
    return getEmbeddedServer(this.serverId).invalidate(keys)
  }
}

/**
 * Creates a `TanStackRealityAdapter`.
 *
 * @example
 * const adapter = createRealityTanStackAdapter({ keys: ['posts', 'user:123'], serverId: 'tanstack-ssr' })
 * export async function loader() {
 *   return { realityState: await adapter.prefetch() }
 * }
 */
export const createRealityTanStackAdapter = (options: TanStackRealityAdapterOptions): TanStackRealityAdapter =>
  new TanStackRealityAdapter(options)
