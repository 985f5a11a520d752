import type { Fetcher } from '../core/types'
import type { RealityNodeMeta } from '../protocol/schemas'
import { type RealityDehydratedState, serializeState } from './dehydrated-state'
import { getEmbeddedServer } from './embedded'

/** Options of `createSSRContext`. */
export interface SSRContextOptions {
  /**
   * Id of the embedded server to read versions from. An id nobody registered means the process's only embedded
   * server, if it has exactly one; without an id, the first registered (`lookupEmbeddedServer`).
   */
  serverId?: string | undefined
}

/** Collects the versions and payloads one server render used, then dehydrates them for the browser. */
export interface SSRContext {
  /** Reads the current versions of `keys` from the embedded server, in one in-process sync. */
  prefetch(keys: readonly string[]): Promise<void>
  /** Reads `key`'s version (unless already read), then loads its payload with `fetcher` and records both. */
  load<T>(key: string, fetcher: Fetcher<T>): Promise<T>
  /** Records a payload loaded elsewhere; read its version first (`prefetch`), or it is recorded as `0`. */
  set(key: string, data: unknown): void
  /** A JSON-safe copy of what was collected. */
  dehydrate(): RealityDehydratedState
  /** `dehydrate()` as a string safe to inline in a `<script>` tag. */
  serialize(): string
}

const metaOf = ({ key, version, hash, updatedAt }: RealityNodeMeta): RealityNodeMeta => ({
  key,
  version,
  hash,
  updatedAt,
})

/**
 * A per-request SSR context backed by the embedded server (`createEmbeddedRealityServer`). Versions are read
 * before payloads, so the browser can only be behind (and refetch), never ahead of its data.
 *
 * @example
 * const ssr = createSSRContext({ serverId: 'ssr' })
 * const posts = await ssr.load('posts', () => db.query.posts.findMany())
 * html += `<script>window.__REALITY__ = ${ssr.serialize()}</script>`
 */
export const createSSRContext = (options: SSRContextOptions = {}): SSRContext => {
  const known: Record<string, number> = {}
  const metas: Record<string, RealityNodeMeta> = {}
  const data: Record<string, unknown> = {}
  let serverTime = 0

  const prefetch = async (keys: readonly string[]): Promise<void> => {
    const wanted = keys.filter((key) => !(key in known))
    if (wanted.length === 0) return
    const request = Object.fromEntries(wanted.map((key) => [key, 0]))
    const response = await getEmbeddedServer(options.serverId).handleSync({
      known: request,
      clientId: 'ssr',
      mode: 'native',
      hint: 'mount',
      timestamp: Date.now(),
    })
    for (const key of wanted) {
      const changed = response.changed[key]
      known[key] = changed ? changed.version : 0
      if (changed) metas[key] = metaOf(changed)
    }
    serverTime = response.serverTime
  }

  const context: SSRContext = {
    prefetch,
    load: async (key, fetcher) => {
      await prefetch([key])
      const payload = await fetcher(key, metas[key] ?? null)
      data[key] = payload
      return payload
    },
    set: (key, payload) => {
      known[key] ??= 0
      data[key] = payload
    },
    dehydrate: () => JSON.parse(JSON.stringify({ known, metas, data, serverTime })) as RealityDehydratedState,
    serialize: () => serializeState(context.dehydrate()),
  }
  return context
}
