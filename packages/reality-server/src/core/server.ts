import {
  describeIssues,
  ERROR_CODES,
  type MeshInfo,
  type PeerHealth,
  PROTOCOL_VERSION,
  type RealityNodeMeta,
  type SyncRequest,
  type SyncRequestInput,
  SyncRequestSchema,
  type SyncResponse,
  summarizeIssues,
} from '@rootlodge/reality/types'
import { MemoryStorage } from '../storage/memory'
import type { RealityStorage } from '../storage/types'
import { InvalidRequestError, PayloadTooLargeError, RealityHttpError, StorageUnavailableError } from './errors'
import type { InvalidationAdapter } from './invalidation'
import {
  type CorsOptions,
  DEFAULT_LIMITS,
  type RealityLimits,
  type RealityServerOptions,
  type RedisConfig,
  type ServerStats,
} from './options'

const randomId = (): string =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? `reality-${crypto.randomUUID().slice(0, 8)}`
    : `reality-${Math.random().toString(36).slice(2, 10)}`

type FetchHandler = (request: Request) => Promise<Response>
// Set by http/fetch.ts at import time, so core never imports an HTTP layer.
let fetchHandlerFactory: ((server: RealityServer, prefix: string) => FetchHandler) | undefined
export const registerFetchHandlerFactory = (factory: typeof fetchHandlerFactory): void => {
  fetchHandlerFactory = factory
}

/**
 * The sync server: tracks a version and hash per key and tells clients which keys they hold
 * an old version of. Stateless per request; any instance sharing the storage can answer.
 *
 * @example
 * const server = new RealityServer({ serverId: 'api-1' })
 * await server.updateNode('chat:room:general', createHash(messageIds))
 * const handler = server.getFetchHandler('/reality')
 */
export class RealityServer {
  readonly serverId: string
  readonly storage: RealityStorage
  readonly limits: RealityLimits
  readonly cors: CorsOptions | undefined
  readonly adminToken: string | undefined
  readonly retryAfterSeconds: number
  readonly debug: boolean
  readonly redis: RedisConfig | undefined
  readonly #peers: string[]
  readonly #onError: ((error: unknown) => void) | undefined
  #adapter: InvalidationAdapter | undefined
  #maxVersion = 0
  #maxLoaded = false
  readonly #stats = { syncsServed: 0, keysChecked: 0, keysChanged: 0, updates: 0, errors: 0, rejected: 0 }
  readonly #startedAt = Date.now()

  constructor(options: RealityServerOptions = {}, storage?: RealityStorage) {
    this.serverId = options.serverId || randomId()
    this.storage = storage ?? options.storage ?? new MemoryStorage()
    this.#peers = [...new Set([...(options.meshPeers ?? []), ...(options.peers ?? [])])]
    this.limits = { ...DEFAULT_LIMITS, ...options.limits }
    this.cors = options.cors === true ? {} : options.cors || undefined
    this.adminToken = options.adminToken || undefined
    this.retryAfterSeconds = options.retryAfterSeconds ?? 1
    this.debug = options.debug ?? false
    this.redis = options.redis
    this.#onError = options.onError
  }

  // WRITES

  /** Records that `key` changed and now has content hash `hash`; returns the new metadata. */
  async updateNode(key: string, hash: string): Promise<RealityNodeMeta> {
    const meta = await this.#write(key, hash)
    await this.#notify([key])
    return meta
  }

  /** Marks `key` as changed when the caller has no hash: a fresh hash is derived from the version. */
  async invalidate(key: string): Promise<RealityNodeMeta> {
    return this.updateNode(key, '')
  }

  /** Marks several keys as changed; one notification to the invalidation adapter. */
  async invalidateMany(keys: readonly string[], hash = ''): Promise<RealityNodeMeta[]> {
    const out: RealityNodeMeta[] = []
    for (const key of keys) out.push(await this.#write(key, hash))
    await this.#notify([...keys])
    return out
  }

  async #write(key: string, hash: string): Promise<RealityNodeMeta> {
    if (typeof key !== 'string' || key.length === 0) throw new TypeError('key must be a non-empty string')
    try {
      const version = await this.storage.incrementVersion(key)
      const meta: RealityNodeMeta = { key, version, hash: hash || `v${version.toString(36)}`, updatedAt: Date.now() }
      await this.storage.setNode(key, meta)
      if (version > this.#maxVersion) this.#maxVersion = version
      this.#stats.updates++
      if (this.debug) console.debug(`[reality:${this.serverId}] update ${key} → v${version}`)
      return meta
    } catch (error) {
      this.#fail(error)
      throw new StorageUnavailableError(this.retryAfterSeconds, error)
    }
  }

  async #notify(keys: string[]): Promise<void> {
    if (!this.#adapter?.onInvalidate) return
    try {
      await this.#adapter.onInvalidate(keys)
    } catch (error) {
      this.#fail(error)
    }
  }

  /** Installs an invalidation adapter: it may call `invalidateMany` and is told of every invalidation. */
  setInvalidationAdapter(adapter: InvalidationAdapter): void {
    this.#adapter?.detach?.()
    this.#adapter = adapter
    adapter.attach?.(this)
  }

  async deleteNode(key: string): Promise<void> {
    await this.storage.deleteNode(key)
  }

  // READS

  async getNode(key: string): Promise<RealityNodeMeta | null> {
    return this.storage.getNode(key)
  }

  /**
   * Answers a sync request: every known key whose stored version is greater than the
   * client's. Accepts the minimal `{ known }` form; throws a `RealityHttpError` on bad input
   * (400/413) or storage failure (503).
   */
  async handleSync(request: SyncRequestInput | unknown): Promise<SyncResponse> {
    try {
      return await this.#sync(this.#parse(request))
    } catch (error) {
      if (error instanceof RealityHttpError && error.status < 500) this.#stats.rejected++
      throw error
    }
  }

  #parse(body: unknown): SyncRequest {
    const result = SyncRequestSchema.safeParse(body)
    if (!result.success) {
      throw new InvalidRequestError(
        `invalid sync request: ${summarizeIssues(result.error.issues)}`,
        describeIssues(result.error.issues),
      )
    }
    return result.data
  }

  async #sync(request: SyncRequest): Promise<SyncResponse> {
    const known = request.known
    const keys = Object.keys(known)
    if (keys.length > this.limits.maxKeysPerRequest) {
      throw new PayloadTooLargeError(
        ERROR_CODES.tooManyKeys,
        `too many keys: ${keys.length} > limit ${this.limits.maxKeysPerRequest}`,
      )
    }
    let nodes: Map<string, RealityNodeMeta>
    try {
      nodes = keys.length ? await this.storage.getNodes(keys) : new Map()
      if (!this.#maxLoaded) {
        this.#maxVersion = Math.max(this.#maxVersion, await this.storage.getMaxVersion())
        this.#maxLoaded = true
      }
    } catch (error) {
      this.#fail(error)
      throw new StorageUnavailableError(this.retryAfterSeconds, error)
    }
    // Null prototype: a key named "__proto__" is data, not a prototype change.
    const changed: SyncResponse['changed'] = Object.create(null)
    let count = 0
    for (const key of keys) {
      const node = nodes.get(key)
      if (node !== undefined && node.version > known[key]) {
        changed[key] = { key, version: node.version, hash: node.hash, updatedAt: node.updatedAt, source: this.serverId }
        if (node.version > this.#maxVersion) this.#maxVersion = node.version
        count++
      }
    }
    this.#stats.syncsServed++
    this.#stats.keysChecked += keys.length
    this.#stats.keysChanged += count
    if (this.debug)
      console.debug(`[reality:${this.serverId}] sync ${keys.length} keys, ${count} changed (${request.hint})`)
    return { changed, mesh: this.getMeshInfo(), serverTime: Date.now() }
  }

  /** Mesh information attached to every sync response. */
  getMeshInfo(): MeshInfo {
    const health: Record<string, PeerHealth> = {}
    for (const peer of this.#peers) health[peer] = 'unknown'
    return { serverId: this.serverId, peers: [...this.#peers], serverVersion: this.#maxVersion, health }
  }

  async getMeshPeers(): Promise<string[]> {
    return [...this.#peers]
  }

  async isHealthy(): Promise<boolean> {
    try {
      return await this.storage.isHealthy()
    } catch {
      return false
    }
  }

  async getStats(): Promise<ServerStats> {
    const storage = this.storage as RealityStorage & { size?: number }
    const keysTracked = typeof storage.size === 'number' ? storage.size : (await storage.listChangedSince(0)).length
    return {
      serverId: this.serverId,
      keysTracked,
      ...this.#stats,
      uptimeMs: Date.now() - this.#startedAt,
      startedAt: this.#startedAt,
      peers: this.#peers.length,
    }
  }

  /** A `fetch`-style handler serving `{prefix}/sync`, `{prefix}/health` and `{prefix}/invalidate`. */
  getFetchHandler(prefix = '/reality'): FetchHandler {
    if (!fetchHandlerFactory) throw new Error('fetch handler not loaded: import from @rootlodge/reality-server')
    return fetchHandlerFactory(this, prefix)
  }

  /** Counts a failure and reports it to `onError` (never throws). */
  reportError(error: unknown): void {
    this.#fail(error)
  }

  #fail(error: unknown): void {
    this.#stats.errors++
    if (this.debug) console.error(`[reality:${this.serverId}]`, error)
    try {
      this.#onError?.(error)
    } catch {
      // A throwing onError must not take the request down with it.
    }
  }

  /** Protocol version spoken by this server. */
  static readonly protocolVersion = PROTOCOL_VERSION
}

/**
 * Creates a `RealityServer`; the storage may be passed second, as the API guide shows.
 *
 * @example
 * const server = createRealityServer({ serverId: 'server-1' }, new MemoryStorage())
 */
export const createRealityServer = (options: RealityServerOptions = {}, storage?: RealityStorage): RealityServer =>
  new RealityServer(options, storage)
