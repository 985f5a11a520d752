import {
  ERROR_CODES,
  MESH_LIMITS,
  type MeshInfo,
  type MeshReply,
  type MeshRequestInput,
  type PeerIdentity,
  type RealityNodeMeta,
} from '@rootlodge/reality/types'
import { RealityHttpError } from '../core/errors'
import { VERSION_SLOTS } from '../storage/types'
import { type Clock, settleWithin, systemClock } from '../timing'
import { meshEndpoint, normalizePeerUrl, parseMeshReply, parseMeshRequest } from './exchange'
import { Outbox } from './outbox'
import { PeerTable } from './peer-table'
import { MESH_SIGNATURE_HEADER, MeshSigner } from './signature'

/*
 * Mesh coordination: gossip of peers and their health on every exchange, and forwarding of
 * updates over short HTTP requests. Two modes:
 *
 *   replicate  each server runs on its own in-process storage (memory); the mesh is how updates spread.
 *              A write waits until one peer holds it before it becomes visible here (so a
 *              crash right after cannot lose a version a client saw), every update that is
 *              new to a receiver is relayed to its other peers (so it spreads even when its
 *              origin died mid-way), and a server that starts pulls its peers' state.
 *   hint       servers share a storage; an exchange only names keys the peers re-read from
 *              the storage sooner (a hint: its versions and hashes are never used). Nothing
 *              waits on them.
 *
 * With a secret (`mesh.secret`, else the admin token) every request and reply is signed
 * (signature.ts) and peers learn each other through gossip. Without one the mesh still runs
 * but says so at start, talks only to configured peers, serves no pulls and accepts versions
 * at most UNSIGNED_AHEAD_MS ahead of its clock.
 *
 * No leader, no held connection, no timer unless a retry is pending.
 */

/**
 * How a mesh spreads updates: `replicate` (each server on its own in-process storage: the mesh carries the updates)
 * or `hint` (servers share a storage: an exchange only names the keys to re-read sooner).
 */
export type MeshMode = 'replicate' | 'hint'

/** Mesh settings (`mesh` option of the server). */
export interface MeshOptions {
  /** This server's own URL as peers reach it; lets servers that only learn of it send to it. */
  url?: string
  /** Secret that signs exchanges; every server of the mesh needs the same (default: `adminToken`). */
  secret?: string
  /**
   * Version slot 0–999 (storages that issue versions in this process, like memory); distinct
   * slots guarantee distinct versions.
   */
  slot?: number
  /** Timeout of one exchange (ms, default 2,000). */
  timeoutMs?: number
  /** First retry delay after a failed exchange (ms, default 100), doubled per failure. */
  retryBaseMs?: number
  /** Longest retry delay (ms, default 5,000). */
  retryMaxMs?: number
  /** Updates per exchange (default 200). */
  batchSize?: number
  /** Keys queued per peer before the queue is replaced by a snapshot (default 10,000). */
  maxQueue?: number
  /** Longest a write waits for a peer to hold it in replicate mode (ms, default 2,000). */
  ackTimeoutMs?: number
  /** An exchange slower than this marks the peer degraded (ms, default 1,000). */
  slowMs?: number
  /** Timers of exchange timeouts, retries and acknowledgement waits (tests pass a fake one). */
  clock?: Clock
}

/** What the mesh needs from the server it runs in. */
export interface MeshHost {
  readonly serverId: string
  /** Secret that signs exchanges; none makes an unauthenticated mesh. */
  readonly secret: string | undefined
  serverVersion(): number
  /** Applies peers' nodes (replicate mode); returns those that raised a key's version here. */
  apply(nodes: RealityNodeMeta[]): Promise<RealityNodeMeta[]>
  /** A peer says these keys changed in the shared storage (hint mode). */
  hint(keys: string[]): void
  /** This server's nodes above `after`, ascending, at most `limit` (replicate mode). */
  snapshot(after: number, limit: number): Promise<RealityNodeMeta[]>
  /** Moves the version slot of this server's storage (replicate mode, see `RealityStorage.useVersionSlot`). */
  setSlot(slot: number): void
  reportError(error: unknown): void
}

const DEFAULTS = {
  timeoutMs: 2000,
  retryBaseMs: 100,
  retryMaxMs: 5000,
  batchSize: 200,
  maxQueue: 10_000,
  ackTimeoutMs: 2000,
  slowMs: 1000,
  clock: systemClock as Clock,
}
const UNHEALTHY_AFTER = 3
// Gossip cannot make a server track an unbounded number of peers (duplicates count too).
const MAX_PEERS = MESH_LIMITS.maxPeers
// Versions are wall-clock microseconds. From an authenticated peer, one a day ahead is broken;
// from anyone who can reach an unauthenticated mesh, a few seconds is all it may hide updates for.
const SIGNED_AHEAD_MS = 86_400_000
export const UNSIGNED_AHEAD_MS = 5000

/** What `receive` answers: the reply and the headers that go with it (its signature). */
export interface MeshAnswer {
  reply: MeshReply
  headers: Record<string, string>
}

const fnv1a = (text: string): number => {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0
  return hash
}

class ExcludedPeerError extends Error {}

export class Mesh {
  readonly mode: MeshMode
  readonly #host: MeshHost
  readonly #options: typeof DEFAULTS
  readonly #url: string | undefined
  readonly #table: PeerTable
  readonly #outboxes = new Map<string, Outbox>()
  readonly #incarnation = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
  readonly #signer: MeshSigner | undefined
  #slot: number | undefined
  #started = false
  #ready: Promise<void> = Promise.resolve()
  #readySettled = true
  #closed = false

  constructor(host: MeshHost, peers: readonly string[], mode: MeshMode, options: MeshOptions = {}) {
    this.#host = host
    this.mode = mode
    this.#options = { ...DEFAULTS, ...stripUndefined(options) }
    this.#options.batchSize = Math.min(this.#options.batchSize, MESH_LIMITS.maxNodes)
    this.#signer = host.secret ? new MeshSigner(host.secret) : undefined
    if (!this.#signer)
      console.warn(
        `[reality:${host.serverId}] WARNING: this mesh is unauthenticated: anyone who can reach /mesh can send it updates. ` +
          'Give every server the same adminToken (or mesh.secret) to sign exchanges. Until then it talks only to its ' +
          `configured peers, serves no pulls and ignores versions more than ${UNSIGNED_AHEAD_MS / 1000} s ahead of its clock.`,
      )
    this.#url = options.url === undefined ? undefined : normalizePeerUrl(options.url)
    const configured: string[] = []
    for (const peer of peers) {
      const url = normalizePeerUrl(peer)
      if (url === undefined) throw new TypeError(`mesh peer '${peer}' is not an http(s) URL`)
      if (url !== this.#url && !configured.includes(url)) configured.push(url)
    }
    this.#table = new PeerTable(configured, { slowMs: this.#options.slowMs, unhealthyAfter: UNHEALTHY_AFTER })
    if (mode === 'replicate') {
      this.#slot = options.slot ?? fnv1a(host.serverId) % VERSION_SLOTS
      host.setSlot(this.#slot)
    }
  }

  /** Version slot of this server (replicate mode). */
  get slot(): number | undefined {
    return this.#slot
  }

  /** Starts pulling peers' state (replicate mode); idempotent, called on first use. */
  start(): void {
    if (this.#started || this.#closed) return
    this.#started = true
    // Only signed peers answer pulls (an unsigned page would be anyone's data).
    if (this.mode !== 'replicate' || !this.#signer) return
    this.#readySettled = false
    this.#ready = Promise.all(this.#table.active().map((peer) => this.#outbox(peer.url).pull())).then(() => {
      this.#readySettled = true
    })
  }

  /**
   * Resolves when the first pull from every configured peer finished or failed once, or
   * after `ackTimeoutMs`: a server that just started learns the versions issued before it
   * came back, so its own writes go above them.
   */
  async ready(): Promise<void> {
    this.start()
    if (this.#readySettled) return
    await settleWithin(this.#ready, this.#options.ackTimeoutMs, this.#options.clock)
  }

  /** This server's mesh view: peers, their health, its highest version. */
  info(): MeshInfo {
    return this.#table.info(this.#host.serverId, this.#host.serverVersion())
  }

  /** The view sent to peers: all of it to signed ones, nothing that leaks to anyone else. */
  #view(): MeshInfo {
    return this.#signer ? this.info() : { serverId: this.#host.serverId, peers: [], serverVersion: 0, health: {} }
  }

  /** URLs of the peers this server exchanges with, configured and learned. */
  peers(): string[] {
    return this.#table.active().map((peer) => peer.url)
  }

  /** Keys queued for peers, all outboxes together. */
  queued(): number {
    let total = 0
    for (const box of this.#outboxes.values()) total += box.size
    return total
  }

  /**
   * Sends nodes this server wrote to every peer. In replicate mode resolves once one peer
   * that is not unhealthy holds them, or after `ackTimeoutMs` (they stay queued).
   */
  async forward(nodes: readonly RealityNodeMeta[]): Promise<void> {
    this.start()
    const acks: Promise<void>[] = []
    for (const peer of this.#table.active()) {
      const box = this.#outbox(peer.url)
      if (this.mode === 'replicate' && peer.health !== 'unhealthy') acks.push(box.enqueue(nodes, true))
      else box.enqueue(nodes)
    }
    if (acks.length === 0) return
    await settleWithin(Promise.any(acks), this.#options.ackTimeoutMs, this.#options.clock)
  }

  /**
   * Handles a peer's exchange request (the `/mesh` route): 401 when this mesh signs and the
   * request is not signed with its secret, 400 for a malformed one.
   */
  async receive(body: unknown, signature?: string | null): Promise<MeshAnswer> {
    const signer = this.#signer
    if (signer && !(await signer.verify(JSON.stringify(body), signature)))
      throw new RealityHttpError(401, ERROR_CODES.unauthorized, 'mesh exchanges must be signed with the mesh secret')
    this.start()
    const request = parseMeshRequest(body)
    const self = request.from.serverId === this.#host.serverId
    const url = self ? undefined : this.#sender(request.from)
    if (!self && signer) this.#learn(request.mesh)
    if (request.nodes.length > 0) {
      if (this.mode === 'hint') this.#host.hint(request.nodes.map((node) => node.key))
      else {
        const limit = (Date.now() + (signer ? SIGNED_AHEAD_MS : UNSIGNED_AHEAD_MS)) * VERSION_SLOTS + VERSION_SLOTS
        const nodes = request.nodes.filter((node) => node.version <= limit)
        const fresh = nodes.length > 0 ? await this.#host.apply(nodes) : []
        if (fresh.length > 0)
          for (const peer of this.#table.active()) if (peer.url !== url) this.#outbox(peer.url).enqueue(fresh)
      }
    }
    let page: RealityNodeMeta[] = []
    let more = false
    if (request.pull && this.mode === 'replicate' && signer) {
      const limit = Math.min(request.pull.limit, this.#options.batchSize)
      page = await this.#host.snapshot(request.pull.after, limit + 1)
      more = page.length > limit
      if (more) page = page.slice(0, limit)
    }
    if (url !== undefined) this.#outboxes.get(url)?.nudge()
    const reply: MeshReply = { from: this.#identity(), mesh: this.#view(), nodes: page, more }
    if (!signer) return { reply, headers: {} }
    // The reply names the request's signature: it cannot be replayed as the answer to another.
    const signed = await signer.sign(JSON.stringify(reply), signature ?? '')
    return { reply, headers: { [MESH_SIGNATURE_HEADER]: signed } }
  }

  /** Stops every retry and request in flight. */
  close(): void {
    this.#closed = true
    for (const box of this.#outboxes.values()) box.close()
  }

  // PEERS

  #identity(): PeerIdentity {
    return { serverId: this.#host.serverId, incarnation: this.#incarnation, slot: this.#slot, url: this.#url }
  }

  /**
   * Finds (or, from a signed peer, learns) the URL of the sender of a request and records its
   * identity. An unsigned sender is matched to configured peers only.
   */
  #sender(from: PeerIdentity): string | undefined {
    const url = (from.url && normalizePeerUrl(from.url)) || this.#table.byServerId(from.serverId)?.url
    if (url === undefined) return undefined
    if (this.#table.get(url) === undefined) {
      if (!this.#signer) return undefined
      this.#add(url)
    }
    if (this.#table.get(url)?.excluded) return undefined
    this.#identified(url, from)
    return url
  }

  #identified(url: string, from: PeerIdentity): void {
    if (this.#table.identify(url, from) === 'duplicate') {
      this.#outboxes.get(url)?.close(new ExcludedPeerError(`${url} reaches a peer already known by another URL`))
      this.#outboxes.delete(url)
      return
    }
    this.#checkSlot(from)
  }

  #add(url: string): void {
    if (url === this.#url || this.#table.size >= MAX_PEERS) return
    if (!this.#table.learn(url)) return
    // A new peer may hold versions this server never saw (replicate mode): pull them.
    if (this.mode === 'replicate' && this.#started) void this.#outbox(url).pull()
  }

  #learn(mesh: MeshInfo): void {
    for (const peer of mesh.peers) {
      const url = normalizePeerUrl(peer)
      if (url !== undefined) this.#add(url)
    }
    for (const [peer, health] of Object.entries(mesh.health ?? {})) {
      const url = normalizePeerUrl(peer)
      if (url !== undefined) this.#table.report(url, health)
    }
  }

  /** Two servers on one slot could issue one version twice: the greater id moves away. */
  #checkSlot(from: PeerIdentity): void {
    const current = this.#slot
    if (current === undefined || from.slot !== current || this.#host.serverId <= from.serverId) return
    const taken = new Set(this.#table.active().map((peer) => peer.slot))
    let slot = current
    for (let n = 1; slot === current || taken.has(slot); n++)
      slot = fnv1a(`${this.#host.serverId}#${n}`) % VERSION_SLOTS
    this.#slot = slot
    this.#host.setSlot(slot)
    this.#host.reportError(new Error(`mesh: version slot shared with ${from.serverId}, moved to ${slot}`))
  }

  #outbox(url: string): Outbox {
    let box = this.#outboxes.get(url)
    if (!box) {
      box = new Outbox(
        {
          exchange: (payload, signal) => this.#exchange(url, payload, signal),
          snapshot: this.mode === 'replicate' ? (after, limit) => this.#host.snapshot(after, limit) : undefined,
        },
        this.#options,
      )
      if (this.#closed) box.close()
      this.#outboxes.set(url, box)
    }
    return box
  }

  // EXCHANGE

  async #exchange(
    url: string,
    payload: { nodes: RealityNodeMeta[]; pull?: { after: number; limit: number } },
    signal: AbortSignal,
  ): Promise<MeshReply> {
    const request = new AbortController()
    const { clock } = this.#options
    const timer = clock.setTimeout(
      () => request.abort(new Error(`mesh exchange with ${url} timed out`)),
      this.#options.timeoutMs,
    )
    const onAbort = (): void => request.abort(signal.reason)
    signal.addEventListener('abort', onAbort)
    const started = performance.now()
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json' }
      const body = JSON.stringify({ from: this.#identity(), mesh: this.#view(), ...payload } satisfies MeshRequestInput)
      const signer = this.#signer
      if (signer) headers[MESH_SIGNATURE_HEADER] = await signer.sign(body)
      const response = await fetch(meshEndpoint(url), { method: 'POST', headers, body, signal: request.signal })
      const text = await response.text()
      if (!response.ok) throw new Error(`mesh peer ${url} answered ${response.status}: ${text.slice(0, 200)}`)
      const sent = headers[MESH_SIGNATURE_HEADER]
      if (signer && !(await signer.verify(text, response.headers.get(MESH_SIGNATURE_HEADER), sent)))
        throw new Error(`mesh peer ${url} sent a reply not signed with the mesh secret`)
      const reply = parseMeshReply(safeJson(text))
      if (!reply) throw new Error(`mesh peer ${url} sent something that is not a mesh reply`)
      this.#table.succeeded(url, performance.now() - started, Date.now())
      await this.#handleReply(url, reply)
      return reply
    } catch (error) {
      if (!(error instanceof ExcludedPeerError)) this.#failed(url, error)
      throw error
    } finally {
      clock.clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
    }
  }

  async #handleReply(url: string, reply: MeshReply): Promise<void> {
    if (reply.from.serverId === this.#host.serverId) {
      // Peers list this server too: the URL is our own. Stop sending there.
      if (reply.from.incarnation !== this.#incarnation)
        this.#host.reportError(new Error(`mesh: ${url} runs another server with this server's id`))
      this.#table.exclude(url)
      const error = new ExcludedPeerError(`${url} is this server`)
      this.#outboxes.get(url)?.close(error)
      this.#outboxes.delete(url)
      throw error
    }
    this.#identified(url, reply.from)
    if (this.#table.get(url)?.excluded) throw new ExcludedPeerError(`${url} is a duplicate`)
    if (this.#signer) this.#learn(reply.mesh)
    // Pages come from pulls, which only signed peers answer.
    if (this.mode === 'replicate' && this.#signer && reply.nodes.length > 0) await this.#host.apply(reply.nodes)
  }

  #failed(url: string, error: unknown): void {
    const peer = this.#table.get(url)
    const before = peer?.health
    this.#table.failed(url)
    // One report per outage, not one per retry.
    if (peer && before !== 'unhealthy' && peer.health === 'unhealthy')
      this.#host.reportError(new Error(`mesh peer ${url} is unreachable`, { cause: error }))
  }
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

const stripUndefined = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
