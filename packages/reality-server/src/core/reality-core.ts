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
import { type Authorize, allowedKeys } from '../auth/authorize'
import { type AuthorizeContext, directContext } from '../auth/context'
import { publicKeyTest } from '../auth/public-keys'
import { createConsoleLogger, type RealityLogger } from '../logging/logger'
import type { MeshAnswer } from '../mesh/mesh'
import { metricsOf } from '../metrics/registry'
import { MemoryStorage } from '../storage/memory'
import type { RealityStorage } from '../storage/types'
import { InvalidRequestError, RealityHttpError, StorageUnavailableError } from './errors'
import type { RealityHooks } from './hooks'
import type { InvalidationAdapter } from './invalidation'
import { assertKeyCount } from './key-count'
import {
  DEFAULT_LIMITS,
  type RealityLimits,
  type RealityServerOptions,
  type RedisConfig,
  type ServerStats,
} from './options'
import { toAccelerator } from './redis-option'
import { ScaleOut } from './scale-out'

const randomId = (): string => {
  try {
    if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return `reality-${crypto.randomUUID().slice(0, 8)}`
  } catch {
    // Workers forbid crypto random values in global scope, where a server is usually created.
  }
  return `reality-${Math.random().toString(36).slice(2, 10)}`
}

/**
 * The sync server without any HTTP: tracks a version and hash per key and tells clients which
 * keys they hold an old version of. Stateless per request; any instance sharing the storage
 * can answer. `RealityServer` (src/server.ts) adds the HTTP handler and `listen()`.
 *
 * On a shared storage (SQL, DynamoDB…) syncs are answered from a read cache that catches up at
 * most once per `refreshInterval`; hints from an accelerator (Redis, LISTEN/NOTIFY) or mesh
 * peers make it re-read changed keys in between. On an in-process storage (memory) with
 * `meshPeers`, servers forward signed updates to each other. docs/ARCHITECTURE.md gives the guarantees.
 */
export class RealityCore {
  /** This instance's id (the `serverId` option, or generated): `source` of its answers, its name in the mesh. */
  readonly serverId: string
  /** Where its versions live. */
  readonly storage: RealityStorage
  /** What one request may cost (the `limits` option over `DEFAULT_LIMITS`). */
  readonly limits: RealityLimits
  /** The `debug` option: log every sync and update. */
  readonly debug: boolean
  /** The `logger` option; with `debug: true` and none given, a console logger with timestamps. */
  readonly logger: RealityLogger | undefined
  /** The `hooks` option (empty when none). */
  readonly hooks: RealityHooks
  readonly #retryAfterSeconds: number
  readonly #onError: ((error: unknown) => void) | undefined
  readonly #scale: ScaleOut
  readonly #authorize: Authorize | undefined
  readonly #isPublic: (key: string) => boolean
  #adapter: InvalidationAdapter | undefined
  readonly #stats = {
    syncsServed: 0,
    keysChecked: 0,
    keysChanged: 0,
    updates: 0,
    errors: 0,
    storageErrors: 0,
    rejected: 0,
  }
  readonly #startedAt = Date.now()
  #draining = false

  constructor(options: RealityServerOptions = {}, storage?: RealityStorage) {
    this.serverId = options.serverId || randomId()
    this.storage = storage ?? options.storage ?? new MemoryStorage()
    this.limits = { ...DEFAULT_LIMITS, ...options.limits }
    this.#retryAfterSeconds = options.retryAfterSeconds ?? 1
    this.debug = options.debug ?? false
    this.logger = options.logger ?? (this.debug ? createConsoleLogger('debug') : undefined)
    this.hooks = options.hooks ?? {}
    this.#onError = options.onError
    this.#authorize = options.authorize
    this.#isPublic = publicKeyTest(options.publicKeys)
    this.#scale = new ScaleOut(
      {
        serverId: this.serverId,
        storage: this.storage,
        meshSecret: options.mesh?.secret || options.adminToken || undefined,
        fail: (e) => this.#fail(e),
      },
      options,
    )
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
      const metas = await this.#scale.write(keys, hash)
      this.#stats.updates += metas.length
      this.logger?.debug({ serverId: this.serverId, keys: metas.map((m) => `${m.key}@${m.version}`) }, 'update')
      return metas
    } catch (error) {
      this.#stats.storageErrors++
      this.#fail(error)
      throw new StorageUnavailableError(this.#retryAfterSeconds, error)
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

  /** Forgets a key: its next update starts it again, and a client holding it sees no change until then. */
  async deleteNode(key: string): Promise<void> {
    await this.storage.deleteNode(key)
    this.#scale.deleted(key)
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
    this.#scale.setAccelerator(accelerator)
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
    await this.#scale.close()
  }

  /**
   * Handles a peer's exchange (`POST {prefix}/mesh`) with its signature header; answers the reply
   * and its headers. 404 when this server has no mesh, 401 when the signature does not hold.
   */
  async handleMesh(body: unknown, signature?: string | null): Promise<MeshAnswer> {
    const mesh = this.#scale.mesh
    if (!mesh) throw new RealityHttpError(404, ERROR_CODES.notFound, 'this server has no mesh peers')
    return mesh.receive(body, signature)
  }

  // READS

  /** The key's current metadata from the storage, or `null` when it has none. */
  async getNode(key: string): Promise<RealityNodeMeta | null> {
    return this.storage.getNode(key)
  }

  /**
   * Answers a sync request: every known key whose stored version is greater than the
   * client's. Accepts the minimal `{ known }` form; throws a `RealityHttpError` on bad input
   * (400/413) or storage failure (503). The `authorize` option sees `ctx` (by default a context without
   * headers, cookies or user, whose `route` is `direct`).
   */
  async handleSync(request: SyncRequestInput | unknown, ctx?: AuthorizeContext): Promise<SyncResponse> {
    try {
      return await this.#sync(this.#parse(request), ctx ?? directContext())
    } catch (error) {
      if (error instanceof RealityHttpError && error.status < 500) this.#stats.rejected++
      throw error
    }
  }

  #parse(body: unknown): SyncRequest {
    assertKeyCount(body, 'known', this.limits.maxKeysPerRequest)
    const result = SyncRequestSchema.safeParse(body)
    if (!result.success) {
      throw new InvalidRequestError(
        `invalid sync request: ${summarizeIssues(result.error.issues)}`,
        describeIssues(result.error.issues),
      )
    }
    return result.data
  }

  async #sync(request: SyncRequest, ctx: AuthorizeContext): Promise<SyncResponse> {
    const known = request.known
    // #parse counted them against maxKeysPerRequest before validating any.
    const requested = Object.keys(known)
    // Denied keys are never looked up: they are answered as unknown keys are, by their absence.
    const keys = await allowedKeys(this.#authorize, ctx, requested, (error) => this.#fail(error))
    const started = performance.now()
    let nodes: Map<string, RealityNodeMeta>
    try {
      nodes = await this.#scale.read(keys)
    } catch (error) {
      this.#stats.storageErrors++
      this.#fail(error)
      throw new StorageUnavailableError(this.#retryAfterSeconds, error)
    }
    // Null prototype: a key named "__proto__" is data, not a prototype change.
    const changed: SyncResponse['changed'] = Object.create(null)
    let count = 0
    for (const key of keys) {
      const node = nodes.get(key)
      if (node !== undefined && node.version > known[key]) {
        changed[key] = { key, version: node.version, hash: node.hash, updatedAt: node.updatedAt, source: this.serverId }
        this.#scale.observe(node.version)
        count++
      }
    }
    this.#stats.syncsServed++
    this.#stats.keysChecked += keys.length
    this.#stats.keysChanged += count
    const elapsed = performance.now() - started
    metricsOf(this).syncSeconds.observe(elapsed / 1000)
    const event = {
      serverId: this.serverId,
      clientId: request.clientId,
      hint: request.hint,
      keys: keys.length,
      changed: count,
      durationMs: Math.round(elapsed * 100) / 100,
    }
    this.logger?.debug(event, 'sync')
    if (this.hooks.onSync) this.#hook(() => this.hooks.onSync?.(event))
    const response: SyncResponse = { changed, mesh: this.#meshFor(changed), serverTime: Date.now() }
    const open = keys.filter(this.#isPublic)
    if (open.length > 0) response.public = open
    return response
  }

  /**
   * The mesh part of a sync answer. Behind `authorize`, `serverVersion` is the newest version among the keys the
   * answer reports: the server's own moves with every write to any key, which would tell anyone how busy every key is.
   */
  #meshFor(changed: SyncResponse['changed']): MeshInfo {
    const mesh = this.getMeshInfo()
    if (!this.#authorize) return mesh
    let newest = 0
    for (const key in changed) newest = Math.max(newest, changed[key].version)
    return { ...mesh, serverVersion: newest }
  }

  /** Mesh information attached to every sync response. */
  getMeshInfo(): MeshInfo {
    return this.#scale.meshInfo()
  }

  /** URLs of the peers this server knows: configured, and learned from peers' gossip. */
  async getMeshPeers(): Promise<string[]> {
    return this.#scale.peers()
  }

  /**
   * Marks the server as draining: `{prefix}/ready` answers 503 from now on, so a load balancer
   * stops sending traffic while requests keep being served. Call it before shutting down.
   */
  drain(): void {
    this.#draining = true
  }

  /** Whether `drain()` was called. */
  get draining(): boolean {
    return this.#draining
  }

  /**
   * Readiness, unlike `isHealthy` (liveness): not draining, the storage answers, and the read
   * cache (when there is one) has loaded the storage's keys; the first call warms it.
   */
  async readiness(): Promise<{
    /** Ready for traffic: not draining, storage answering, no cold cache. */
    ready: boolean
    /** The storage answered its health check. */
    storage: boolean
    /** The read cache's state; `none` on a storage without one (memory). */
    cache: 'warm' | 'cold' | 'none'
    /** `drain()` was called. */
    draining: boolean
  }> {
    const draining = this.#draining
    const storage = await this.isHealthy()
    const cache = this.#scale.cache
    if (cache && storage && !cache.warm) await cache.ensureFresh()?.catch(() => {})
    const state = cache ? (cache.warm ? 'warm' : 'cold') : 'none'
    return { ready: !draining && storage && state !== 'cold', storage, cache: state, draining }
  }

  /** Liveness: whether the storage answers its health check; never throws. */
  async isHealthy(): Promise<boolean> {
    try {
      return await this.storage.isHealthy()
    } catch {
      return false
    }
  }

  /** The server's counters since it was created, the number of keys it tracks, cache, accelerator and mesh state. */
  async getStats(): Promise<ServerStats> {
    const storage = this.storage
    const keysTracked =
      this.#scale.cache?.size ??
      (typeof storage.size === 'number' ? storage.size : (await storage.listChangedSince(0)).length)
    return {
      serverId: this.serverId,
      keysTracked,
      ...this.#stats,
      rewrites: this.#scale.rewrites,
      uptimeMs: Date.now() - this.#startedAt,
      startedAt: this.#startedAt,
      peers: this.#scale.peers().length,
      ...this.#scale.stats(),
    }
  }

  /** Counts a failure and reports it to `onError` (never throws). */
  reportError(error: unknown): void {
    this.#fail(error)
  }

  /** Runs a user hook; one that throws is logged and never fails the request. */
  #hook(call: () => void): void {
    try {
      call()
    } catch (error) {
      this.logger?.error({ serverId: this.serverId, error }, 'hook failed')
    }
  }

  #fail(error: unknown): void {
    this.#stats.errors++
    this.logger?.error({ serverId: this.serverId, error }, 'failure')
    try {
      this.#onError?.(error)
    } catch {
      // A throwing onError must not take the request down with it.
    }
  }

  /** Protocol version spoken by this server. */
  static readonly protocolVersion = PROTOCOL_VERSION
}
