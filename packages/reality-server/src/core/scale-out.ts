import type { MeshInfo, RealityNodeMeta } from '@rootlodge/reality/types'
import type { Accelerator, AcceleratorStats } from '../accel/types'
import { HintQueue } from '../cache/hint-queue'
import { ReadCache, type ReadCacheStats } from '../cache/read-cache'
import { Mesh } from '../mesh/mesh'
import type { RealityStorage } from '../storage/types'
import { DEFAULT_MAX_COMMIT_LAG, DEFAULT_REFRESH_INTERVAL, type RealityServerOptions } from './options'
import { toAccelerator } from './redis-option'

/*
 * What lets several servers answer one app, wired together for one RealityServer:
 *
 *   shared storage (SQL, DynamoDB…)        in-process storage + meshPeers
 *   ───────────────────────────────        ──────────────────────────
 *   reads   read cache, caught up at       the storage itself
 *           most once per refreshInterval
 *   writes  issue + commit, redone when    issue, one peer holds it, commit
 *           slower than maxCommitLag
 *   spread  accelerator and mesh hints     mesh forwards signed updates
 *           make peers re-read keys        into peers' storages
 *
 * A hint (accelerator message, hint-mode mesh exchange) never supplies a version or hash a
 * client sees: it only makes the read cache re-read the named keys sooner (HintQueue bounds
 * those reads). Only a memory mesh takes data from peers, and it authenticates them.
 */

/** What the scale-out parts need from the server they serve. */
export interface ScaleOutHost {
  readonly serverId: string
  readonly storage: RealityStorage
  /** Secret that signs mesh exchanges (`mesh.secret`, else the admin token). */
  readonly meshSecret: string | undefined
  fail(error: unknown): void
}

// A write slower than maxCommitLag is redone at most this often before it is reported.
const MAX_REWRITES = 3
// A failed write is watched this long for a late commit (ms), and at most this many at once.
const DOUBT_HORIZON_MS = 60_000
const MAX_DOUBTS = 1000

/** A write that failed after taking its version: it may still commit, late. */
interface Doubt {
  meta: RealityNodeMeta
  since: number
}

export class ScaleOut {
  readonly cache: ReadCache | undefined
  readonly mesh: Mesh | undefined
  readonly #hints: HintQueue | undefined
  readonly #exposeMesh: boolean
  /** Writes redone because they took longer than maxCommitLag. */
  rewrites = 0
  readonly #host: ScaleOutHost
  readonly #maxCommitLag: number
  #accelerator: Accelerator | undefined
  #maxVersion = 0
  #maxLoaded = false
  readonly #doubts = new Map<string, Doubt>()
  #settling = false

  constructor(host: ScaleOutHost, options: RealityServerOptions) {
    this.#host = host
    this.#maxCommitLag = options.maxCommitLag ?? DEFAULT_MAX_COMMIT_LAG
    this.#exposeMesh = options.exposeMesh ?? false
    const storage = host.storage
    // An in-process storage (one that takes version slots) is memory already: a cache over it
    // would only add staleness.
    const inProcess = typeof storage.useVersionSlot === 'function'
    if (options.cache ?? !inProcess) {
      this.cache = new ReadCache(storage, {
        refreshInterval: options.refreshInterval ?? DEFAULT_REFRESH_INTERVAL,
        maxCommitLag: this.#maxCommitLag,
      })
      const cache = this.cache
      this.#hints = new HintQueue((keys) => cache.reread(keys))
    }
    const peers = [...(options.meshPeers ?? []), ...(options.peers ?? [])]
    if (peers.length > 0 || options.mesh) {
      this.mesh = new Mesh(
        {
          serverId: host.serverId,
          secret: host.meshSecret,
          serverVersion: () => this.serverVersion(),
          apply: (nodes) => this.applyRemote(nodes),
          hint: (keys) => this.hint(keys),
          snapshot: async (after, limit) => (await storage.listChangedSince(after)).slice(0, limit),
          setSlot: (slot) => storage.useVersionSlot?.(slot),
          reportError: (error) => host.fail(error),
        },
        peers,
        inProcess ? 'replicate' : 'hint',
        options.mesh,
      )
    }
    const accelerator = options.accelerator ?? (options.redis ? toAccelerator(options.redis) : undefined)
    if (accelerator) this.setAccelerator(accelerator)
  }

  // READS

  /** The nodes of `keys` as a sync sees them; throws when the storage fails. */
  async read(keys: string[]): Promise<Map<string, RealityNodeMeta>> {
    this.#accelerator?.wake()
    this.mesh?.start()
    const cache = this.cache
    if (cache) {
      const pending = cache.ensureFresh()
      if (pending) await pending
      if (this.#doubts.size > 0) void this.#settleDoubts()
      return cache.getMany(keys)
    }
    const storage = this.#host.storage
    const nodes = keys.length ? await storage.getNodes(keys) : new Map<string, RealityNodeMeta>()
    if (!this.#maxLoaded) {
      this.observe(await storage.getMaxVersion())
      this.#maxLoaded = true
    }
    return nodes
  }

  /** Records a version this server served or wrote, for `mesh.serverVersion`. */
  observe(version: number): void {
    if (version > this.#maxVersion) this.#maxVersion = version
  }

  serverVersion(): number {
    return Math.max(this.#maxVersion, this.cache?.maxVersion ?? 0)
  }

  // WRITES

  /** Issues a version per key, writes it and spreads it; throws when the storage fails. */
  async write(keys: readonly string[], hash: string): Promise<RealityNodeMeta[]> {
    const storage = this.#host.storage
    const replicate = this.mesh?.mode === 'replicate' ? this.mesh : undefined
    // A server that just started first hears the versions its peers issued, so it goes above them.
    await replicate?.ready()
    const metas: RealityNodeMeta[] = []
    for (const key of keys) metas.push(replicate ? await this.#issue(key, hash) : await this.#commit(key, hash))
    if (replicate) {
      // One peer holds the versions before any client can see them here: a crash now loses none.
      await replicate.forward(metas)
      for (const meta of metas) await storage.setNode(meta.key, meta)
    } else {
      this.cache?.apply(metas)
      void this.mesh?.forward(metas)
    }
    this.#accelerator?.publish(metas)
    for (const meta of metas) this.observe(meta.version)
    return metas
  }

  async #issue(key: string, hash: string): Promise<RealityNodeMeta> {
    const version = await this.#host.storage.incrementVersion(key)
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
      try {
        await this.#host.storage.setNode(key, meta)
      } catch (error) {
        // The statement may still reach the database, after readers moved past its version.
        if (this.cache && this.#doubts.size < MAX_DOUBTS) this.#doubts.set(key, { meta, since: performance.now() })
        throw error
      }
      if (!this.cache || performance.now() - started <= this.#maxCommitLag) return meta
      this.rewrites++
      if (attempt >= MAX_REWRITES) {
        this.#host.fail(new Error(`write of ${key} kept taking over ${this.#maxCommitLag} ms; peers may see it late`))
        return meta
      }
    }
  }

  /**
   * Once the storage answers again, checks the writes that failed after taking a version: one
   * that committed anyway (late, so readers past its version never saw it) is written again with
   * a fresh version and the hash it committed, which every reader sees. A write that did not
   * commit within DOUBT_HORIZON_MS of failing is no longer watched.
   */
  async #settleDoubts(): Promise<void> {
    if (this.#settling) return
    this.#settling = true
    try {
      const doubts = [...this.#doubts.values()]
      const stored = await this.#host.storage.getNodes(doubts.map((doubt) => doubt.meta.key))
      for (const { meta, since } of doubts) {
        const row = stored.get(meta.key)
        if (this.#doubts.get(meta.key)?.meta !== meta) continue // a newer write of the key took over
        if (row !== undefined && row.version >= meta.version) {
          this.#doubts.delete(meta.key)
          if (row.version === meta.version) await this.write([meta.key], row.hash)
        } else if (performance.now() - since > DOUBT_HORIZON_MS) this.#doubts.delete(meta.key)
      }
    } catch {
      // The storage failed again: the next catch-up retries.
    } finally {
      this.#settling = false
    }
  }

  /** Nodes an authenticated memory-mesh peer wrote (replicate mode); returns those new here. */
  async applyRemote(nodes: RealityNodeMeta[]): Promise<RealityNodeMeta[]> {
    const storage = this.#host.storage
    const fresh: RealityNodeMeta[] = []
    for (const node of nodes) {
      const current = await storage.getNode(node.key)
      if (current && current.version >= node.version) continue
      await storage.setNode(node.key, node)
      this.observe(node.version)
      fresh.push(node)
    }
    this.cache?.apply(fresh)
    return fresh
  }

  /** Another server says these keys changed: re-read them from the shared storage, soon. */
  hint(keys: readonly string[]): void {
    this.#hints?.add(keys)
  }

  deleted(key: string): void {
    this.cache?.delete(key)
  }

  // ACCELERATOR

  setAccelerator(accelerator: Accelerator | undefined): void {
    const previous = this.#accelerator
    this.#accelerator = accelerator
    if (previous && previous !== accelerator) void previous.close()
    accelerator?.start(this.#host.serverId, {
      receive: (nodes) => {
        if (this.#accelerator === accelerator) this.hint(nodes.map((node) => node.key))
      },
      resync: () => this.cache?.markStale(),
      error: (error) => this.#host.fail(error),
    })
  }

  // MESH AND STATS

  /**
   * The `mesh` object of public sync responses: peer URLs and the highest version say where the
   * servers are and how busy they are, so they stay out unless `exposeMesh` is set.
   */
  meshInfo(): MeshInfo {
    if (!this.#exposeMesh) return { serverId: this.#host.serverId, peers: [], serverVersion: 0, health: {} }
    return (
      this.mesh?.info() ?? { serverId: this.#host.serverId, peers: [], serverVersion: this.serverVersion(), health: {} }
    )
  }

  peers(): string[] {
    return this.mesh?.peers() ?? []
  }

  stats(): {
    cache: ReadCacheStats | undefined
    accelerator: AcceleratorStats | undefined
    mesh: (MeshInfo & { queued: number; slot: number | undefined }) | undefined
  } {
    const mesh = this.mesh
    return {
      cache: this.cache?.stats,
      accelerator: this.#accelerator?.stats(),
      mesh: mesh ? { ...mesh.info(), queued: mesh.queued(), slot: mesh.slot } : undefined,
    }
  }

  /** Stops the accelerator and the mesh's retries. */
  async close(): Promise<void> {
    this.mesh?.close()
    this.#hints?.close()
    const accelerator = this.#accelerator
    this.#accelerator = undefined
    await accelerator?.close()
  }
}
