import {
  describeIssues,
  ERROR_CODES,
  type MeshInfo,
  PROTOCOL_VERSION,
  type RealityNodeMeta,
  type SyncRequest,
  type SyncRequestInput,
  SyncRequestSchema,
  type SyncResponse,
  summarizeIssues,
} from '@rootlodge/reality/types'
import type { Accelerator } from '../accel/types'
import { ReadCache } from '../cache/read-cache'
// A direct import, not a registration made by http/fetch.ts when it loads: the package is
// `sideEffects: false`, so bundlers (esbuild in wrangler) may skip a module run only for its effect.
import { handleFetchRequest } from '../http/fetch'
import { Mesh } from '../mesh/mesh'
import { MemoryStorage } from '../storage/memory'
import type { RealityStorage } from '../storage/types'
import { InvalidRequestError, PayloadTooLargeError, RealityHttpError, StorageUnavailableError } from './errors'
import type { InvalidationAdapter } from './invalidation'
import {
  type CorsOptions,
  DEFAULT_LIMITS,
  DEFAULT_MAX_COMMIT_LAG,
  DEFAULT_REFRESH_INTERVAL,
  type RealityLimits,
  type RealityServerOptions,
  type RedisConfig,
  type ServerStats,
} from './options'
import { toAccelerator } from './redis-option'

const randomId = (): string => {
  try {
    if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return `reality-${crypto.randomUUID().slice(0, 8)}`
  } catch {
    // Workers forbid crypto random values in global scope, where a server is usually created.
  }
  return `reality-${Math.random().toString(36).slice(2, 10)}`
}

// A write slower than maxCommitLag is redone at most this often before it is reported.
const MAX_REWRITES = 3

type FetchHandler = (request: Request) => Promise<Response>

/**
 * The sync server: tracks a version and hash per key and tells clients which keys they hold
 * an old version of. Stateless per request; any instance sharing the storage can answer.
 *
 * On a shared storage (SQL, DynamoDB…) syncs are answered from a read cache that catches up at
 * most once per `refreshInterval`; an accelerator (Redis, LISTEN/NOTIFY) or mesh peers push
 * updates in between. On memory storage with `meshPeers`, servers forward updates to each
 * other. docs/ARCHITECTURE.md gives the guarantees.
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
  readonly #onError: ((error: unknown) => void) | undefined
  readonly #cache: ReadCache | undefined
  readonly #mesh: Mesh | undefined
  readonly #maxCommitLag: number
  #accelerator: Accelerator | undefined
  #adapter: InvalidationAdapter | undefined
  #maxVersion = 0
  #maxLoaded = false
  readonly #stats = { syncsServed: 0, keysChecked: 0, keysChanged: 0, updates: 0, errors: 0, rejected: 0, rewrites: 0 }
  readonly #startedAt = Date.now()

  constructor(options: RealityServerOptions = {}, storage?: RealityStorage) {
    this.serverId = options.serverId || randomId()
    this.storage = storage ?? options.storage ?? new MemoryStorage()
    this.limits = { ...DEFAULT_LIMITS, ...options.limits }
    this.cors = options.cors === true ? {} : options.cors || undefined
    this.adminToken = options.adminToken || undefined
    this.retryAfterSeconds = options.retryAfterSeconds ?? 1
    this.debug = options.debug ?? false
    this.#onError = options.onError
    this.#maxCommitLag = options.maxCommitLag ?? DEFAULT_MAX_COMMIT_LAG
    // Memory storage is the memory: a cache over it would only add staleness.
    const memory = this.storage instanceof MemoryStorage ? this.storage : undefined
    if (options.cache ?? !memory) {
      this.#cache = new ReadCache(this.storage, {
        refreshInterval: options.refreshInterval ?? DEFAULT_REFRESH_INTERVAL,
        maxCommitLag: this.#maxCommitLag,
      })
    }
    const peers = [...(options.meshPeers ?? []), ...(options.peers ?? [])]
    if (peers.length > 0 || options.mesh) {
      this.#mesh = new Mesh(
        {
          serverId: this.serverId,
          token: this.adminToken,
          serverVersion: () => this.#serverVersion(),
          apply: (nodes) => this.#applyRemote(nodes),
          snapshot: async (after, limit) => (await this.storage.listChangedSince(after)).slice(0, limit),
          setSlot: (slot) => memory?.useVersionSlot(slot),
          reportError: (error) => this.#fail(error),
        },
        peers,
        memory ? 'replicate' : 'hint',
        options.mesh,
      )
    }
    this.redis = options.redis && !('publish' in options.redis) ? options.redis : undefined
    const accelerator = options.accelerator ?? (options.redis ? toAccelerator(options.redis) : undefined)
    if (accelerator) this.setAccelerator(accelerator)
  }

  // WRITES

  /** Records that `key` changed and now has content hash `hash`; returns the new metadata. */
  async updateNode(key: string, hash: string): Promise<RealityNodeMeta> {
    const [meta] = await this.#writeMany([key], hash)
    await this.#notify([key])
    return meta
  }

  /** Marks `key` as changed when the caller has no hash: a fresh hash is derived from the version. */
  async invalidate(key: string): Promise<RealityNodeMeta> {
    return this.updateNode(key, '')
  }

  /** Marks several keys as changed; one notification to the invalidation adapter. */
  async invalidateMany(keys: readonly string[], hash = ''): Promise<RealityNodeMeta[]> {
    const out = await this.#writeMany(keys, hash)
    await this.#notify([...keys])
    return out
  }

  async #writeMany(keys: readonly string[], hash: string): Promise<RealityNodeMeta[]> {
    for (const key of keys)
      if (typeof key !== 'string' || key.length === 0) throw new TypeError('key must be a non-empty string')
    try {
      const replicate = this.#mesh?.mode === 'replicate' ? this.#mesh : undefined
      // A server that just started first hears the versions its peers issued, so it goes above them.
      await replicate?.ready()
      const metas: RealityNodeMeta[] = []
      for (const key of keys) metas.push(replicate ? await this.#issue(key, hash) : await this.#commit(key, hash))
      if (replicate) {
        // One peer holds the versions before any client can see them here: a crash now loses none.
        await replicate.forward(metas)
        for (const meta of metas) await this.storage.setNode(meta.key, meta)
      } else {
        this.#cache?.apply(metas)
        void this.#mesh?.forward(metas)
      }
      this.#accelerator?.publish(metas)
      for (const meta of metas) if (meta.version > this.#maxVersion) this.#maxVersion = meta.version
      this.#stats.updates += metas.length
      if (this.debug) console.debug(`[reality:${this.serverId}] update ${keys.join(', ')}`)
      return metas
    } catch (error) {
      this.#fail(error)
      throw new StorageUnavailableError(this.retryAfterSeconds, error)
    }
  }

  async #issue(key: string, hash: string): Promise<RealityNodeMeta> {
    const version = await this.storage.incrementVersion(key)
    return { key, version, hash: hash || `v${version.toString(36)}`, updatedAt: Date.now() }
  }

  /**
   * Issues a version and writes it. Readers of a shared storage rely on a write committing
   * within `maxCommitLag` of taking its version (see cache/catch-up-cursor.ts): a write that
   * took longer is redone with a fresh version, which readers cannot have skipped.
   */
  async #commit(key: string, hash: string): Promise<RealityNodeMeta> {
    for (let attempt = 1; ; attempt++) {
      const started = performance.now()
      const meta = await this.#issue(key, hash)
      await this.storage.setNode(key, meta)
      if (!this.#cache || performance.now() - started <= this.#maxCommitLag) return meta
      this.#stats.rewrites++
      if (attempt >= MAX_REWRITES) {
        this.#fail(new Error(`write of ${key} kept taking over ${this.#maxCommitLag} ms; peers may see it late`))
        return meta
      }
    }
  }

  /** Nodes written by another server (mesh peer, accelerator); returns those new here. */
  async #applyRemote(nodes: RealityNodeMeta[]): Promise<RealityNodeMeta[]> {
    if (this.#cache) return this.#cache.apply(nodes)
    const fresh: RealityNodeMeta[] = []
    for (const node of nodes) {
      const current = await this.storage.getNode(node.key)
      if (current && current.version >= node.version) continue
      await this.storage.setNode(node.key, node)
      if (node.version > this.#maxVersion) this.#maxVersion = node.version
      fresh.push(node)
    }
    return fresh
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
    this.#cache?.delete(key)
  }

  // SCALE-OUT

  /**
   * Installs an accelerator (Redis, PostgreSQL LISTEN/NOTIFY) that carries updates to the other
   * servers at once; replaces (and closes) the previous one. `undefined` removes it.
   *
   * @example
   * server.setAccelerator(createPostgresAccelerator({ pool }))
   */
  setAccelerator(accelerator: Accelerator | undefined): void {
    const previous = this.#accelerator
    this.#accelerator = accelerator
    if (previous && previous !== accelerator) void previous.close()
    accelerator?.start(this.serverId, {
      receive: (nodes) => {
        if (this.#accelerator === accelerator) void this.#applyRemote(nodes).catch((error) => this.#fail(error))
      },
      resync: () => this.#cache?.markStale(),
      error: (error) => this.#fail(error),
    })
  }

  /**
   * Redis acceleration: an accelerator from `createRedisAccelerator`, or the clients as in the
   * `redis` option (`{ publisher, subscriber, channel }` or `{ redis, channel }`).
   *
   * @example
   * server.setRedis(createRedisAccelerator({ redis: new Redis(), channel: 'reality:updates' }))
   */
  setRedis(redis: Accelerator | RedisConfig): void {
    this.setAccelerator(toAccelerator(redis))
  }

  /** Stops the accelerator and the mesh's retries; the storage and your clients stay open. */
  async close(): Promise<void> {
    this.#mesh?.close()
    const accelerator = this.#accelerator
    this.#accelerator = undefined
    await accelerator?.close()
  }

  /** Handles a peer's exchange (`POST {prefix}/mesh`); 404 when this server has no mesh. */
  async handleMesh(body: unknown): Promise<unknown> {
    if (!this.#mesh) throw new RealityHttpError(404, ERROR_CODES.notFound, 'this server has no mesh peers')
    return this.#mesh.receive(body)
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
    this.#accelerator?.wake()
    this.#mesh?.start()
    let nodes: Map<string, RealityNodeMeta>
    try {
      nodes = await this.#read(keys)
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

  async #read(keys: string[]): Promise<Map<string, RealityNodeMeta>> {
    const cache = this.#cache
    if (cache) {
      const pending = cache.ensureFresh()
      if (pending) await pending
      return cache.getMany(keys)
    }
    const nodes = keys.length ? await this.storage.getNodes(keys) : new Map<string, RealityNodeMeta>()
    if (!this.#maxLoaded) {
      this.#maxVersion = Math.max(this.#maxVersion, await this.storage.getMaxVersion())
      this.#maxLoaded = true
    }
    return nodes
  }

  #serverVersion(): number {
    return Math.max(this.#maxVersion, this.#cache?.maxVersion ?? 0)
  }

  /** Mesh information attached to every sync response. */
  getMeshInfo(): MeshInfo {
    return (
      this.#mesh?.info() ?? { serverId: this.serverId, peers: [], serverVersion: this.#serverVersion(), health: {} }
    )
  }

  /** URLs of the peers this server knows: configured, and learned from peers' gossip. */
  async getMeshPeers(): Promise<string[]> {
    return this.#mesh?.peers() ?? []
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
    const keysTracked =
      this.#cache?.size ??
      (typeof storage.size === 'number' ? storage.size : (await storage.listChangedSince(0)).length)
    const peers = this.#mesh?.peers() ?? []
    return {
      serverId: this.serverId,
      keysTracked,
      ...this.#stats,
      uptimeMs: Date.now() - this.#startedAt,
      startedAt: this.#startedAt,
      peers: peers.length,
      cache: this.#cache?.stats,
      accelerator: this.#accelerator?.stats(),
      mesh: this.#mesh ? { ...this.#mesh.info(), queued: this.#mesh.queued(), slot: this.#mesh.slot } : undefined,
    }
  }

  /** A `fetch`-style handler serving `{prefix}/sync`, `{prefix}/health` and `{prefix}/invalidate`. */
  getFetchHandler(prefix = '/reality'): FetchHandler {
    return (request) => handleFetchRequest(this, request, prefix)
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
