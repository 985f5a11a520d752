import type { MeshInfo, PeerHealth } from '@rootlodge/reality/types'
import type { PeerIdentity } from './exchange'

/*
 * What a server knows of its peers, keyed by URL.
 *
 *   unknown ──success──► healthy ◄──success── degraded ◄──1st/2nd failure── healthy
 *      │                    │  slow success (> slowMs) ──► degraded            │
 *      └──failure──► degraded ──3rd consecutive failure──► unhealthy ──success─┘
 *
 * Health is what this server observed on its own exchanges with the peer. A peer it never
 * exchanged with shows what other peers reported of it (gossip), else `unknown`.
 */

export interface PeerState {
  url: string
  /** Listed in `meshPeers`/`peers`, as opposed to learned from another peer. */
  configured: boolean
  /** The URL turned out to reach this server itself, or a second URL of a known peer. */
  excluded: boolean
  serverId?: string
  incarnation?: string
  slot?: number
  health: PeerHealth
  /** Health another peer reported, used until this server exchanges with the peer itself. */
  reported?: PeerHealth
  failures: number
  latencyMs?: number
  lastContactAt?: number
}

export interface PeerTableOptions {
  /** An exchange slower than this marks the peer degraded (ms). */
  slowMs: number
  /** Consecutive failures after which the peer is unhealthy. */
  unhealthyAfter: number
}

export class PeerTable {
  readonly #peers = new Map<string, PeerState>()
  readonly #options: PeerTableOptions

  constructor(configured: readonly string[], options: PeerTableOptions) {
    this.#options = options
    for (const url of configured) this.#peers.set(url, this.#fresh(url, true))
  }

  #fresh(url: string, configured: boolean): PeerState {
    return { url, configured, excluded: false, health: 'unknown', failures: 0 }
  }

  get(url: string): PeerState | undefined {
    return this.#peers.get(url)
  }

  /** Every URL held, excluded ones included (they count toward the cap on peers). */
  get size(): number {
    return this.#peers.size
  }

  /** Peers this server exchanges with (not itself, not duplicates). */
  active(): PeerState[] {
    return [...this.#peers.values()].filter((peer) => !peer.excluded)
  }

  /** Adds a learned peer; returns it when it was new. */
  learn(url: string): PeerState | undefined {
    if (this.#peers.has(url)) return undefined
    const peer = this.#fresh(url, false)
    this.#peers.set(url, peer)
    return peer
  }

  /** The active peer that announced `serverId`, if any. */
  byServerId(serverId: string): PeerState | undefined {
    for (const peer of this.#peers.values()) if (!peer.excluded && peer.serverId === serverId) return peer
    return undefined
  }

  /**
   * Records who answers at `url`. Returns `'restarted'` when the peer came back with a new
   * incarnation, `'duplicate'` when another URL already reaches the same server.
   */
  identify(url: string, from: PeerIdentity): 'same' | 'new' | 'restarted' | 'duplicate' {
    const peer = this.#peers.get(url)
    if (!peer) return 'same'
    const other = this.byServerId(from.serverId)
    if (other && other !== peer && other.incarnation === from.incarnation) {
      peer.excluded = true
      return 'duplicate'
    }
    const before = peer.incarnation
    peer.serverId = from.serverId
    peer.incarnation = from.incarnation
    peer.slot = from.slot
    if (before === undefined) return 'new'
    return before === from.incarnation ? 'same' : 'restarted'
  }

  exclude(url: string): void {
    const peer = this.#peers.get(url)
    if (peer) peer.excluded = true
  }

  succeeded(url: string, latencyMs: number, at: number): void {
    const peer = this.#peers.get(url)
    if (!peer) return
    peer.failures = 0
    peer.latencyMs = latencyMs
    peer.lastContactAt = at
    peer.health = latencyMs > this.#options.slowMs ? 'degraded' : 'healthy'
  }

  failed(url: string): void {
    const peer = this.#peers.get(url)
    if (!peer) return
    peer.failures++
    peer.health = peer.failures >= this.#options.unhealthyAfter ? 'unhealthy' : 'degraded'
  }

  /** Gossip: what another peer observed of `url`. */
  report(url: string, health: PeerHealth): void {
    const peer = this.#peers.get(url)
    if (peer) peer.reported = health
  }

  healthOf(peer: PeerState): PeerHealth {
    return peer.health === 'unknown' ? (peer.reported ?? 'unknown') : peer.health
  }

  /** The mesh object of sync responses and exchanges. */
  info(serverId: string, serverVersion: number): MeshInfo {
    const peers: string[] = []
    const health: Record<string, PeerHealth> = {}
    for (const peer of this.active()) {
      peers.push(peer.url)
      health[peer.url] = this.healthOf(peer)
    }
    return { serverId, peers, serverVersion, health }
  }
}
