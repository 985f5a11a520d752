import * as z from 'zod/mini'
import { MAX_KEY_LENGTH } from './constants'
import { PeerHealthSchema, recordOf, VersionSchema } from './schemas'

/*
 * The exchange servers of a mesh make with each other: `POST {prefix}/mesh`. A request carries
 * the sender's identity and mesh view (gossip), updates to apply, and optionally asks for a
 * page of the receiver's nodes (a restarted server pulling the state it lost); the reply carries
 * the receiver's identity and view back. Clients never send it, so the client's root entry does
 * not import this file.
 */

const isHttpUrl = (value: string): boolean => {
  try {
    const { protocol } = new URL(value)
    return protocol === 'http:' || protocol === 'https:'
  } catch {
    return false
  }
}

/** Bounds on what a peer may send: the same as a client's request, and a little room for gossip. */
export const MESH_LIMITS = {
  /** Longest content hash a peer may forward (characters). */
  maxHashLength: 512,
  /** Longest peer URL (characters). */
  maxUrlLength: 2048,
  /** Most peers one mesh view may list. */
  maxPeers: 64,
  /** Most nodes in one exchange. */
  maxNodes: 1000,
} as const

const PeerUrlSchema = z.string().check(z.maxLength(MESH_LIMITS.maxUrlLength))

/** A node as peers exchange it: key 1–256 characters, bounded hash, finite `updatedAt`. */
export const MeshNodeSchema = z.object({
  /** The key. */
  key: z.string().check(z.minLength(1), z.maxLength(MAX_KEY_LENGTH)),
  /** Its version, as the sender's storage issued it. */
  version: VersionSchema,
  /** Its content hash. */
  hash: z.string().check(z.maxLength(MESH_LIMITS.maxHashLength)),
  /** When it changed (ms since epoch). */
  updatedAt: z.number().check(z.refine(Number.isFinite, 'expected a finite number')),
})

/** A peer's view of the mesh, as exchanged between peers (bounded, unlike what sync responses may carry). */
export const MeshViewSchema = z.object({
  /** The sender's id. */
  serverId: z.optional(z.string().check(z.maxLength(256))),
  /** The peer URLs it knows: gossip, so a mesh learns its members from any one of them. */
  peers: z.array(PeerUrlSchema).check(z.maxLength(MESH_LIMITS.maxPeers)),
  /** The highest version it has seen. */
  serverVersion: z.number(),
  /** The last observed health of each peer it knows. */
  health: z.optional(
    recordOf(PeerHealthSchema, 'expected an object of peer → health').check(
      z.refine((health) => Object.keys(health).length <= MESH_LIMITS.maxPeers, 'too many peers'),
    ),
  ),
})

const MeshNodesSchema = z._default(z.array(MeshNodeSchema).check(z.maxLength(MESH_LIMITS.maxNodes)), [])

/** Who sent an exchange: a restarted server keeps its id but gets a new incarnation. */
export const PeerIdentitySchema = z.object({
  /** The sender's `serverId`. */
  serverId: z.string().check(z.minLength(1), z.maxLength(256)),
  /** Random per process start: a new value tells peers the server restarted. */
  incarnation: z.string().check(z.maxLength(128)),
  /** Version slot 0–999 of the sender's storage, when it issues its own versions. */
  slot: z.optional(z.int()),
  /** The URL peers reach the sender at, when it was configured (`mesh.url`). */
  url: z.optional(PeerUrlSchema.check(z.refine(isHttpUrl, 'expected an http(s) URL'))),
})

/** Body of `POST {prefix}/mesh`. */
export const MeshRequestSchema = z.object({
  /** Who sends the exchange. */
  from: PeerIdentitySchema,
  /** The sender's view of the mesh. */
  mesh: MeshViewSchema,
  /** Updates the sender wrote or relays. */
  nodes: MeshNodesSchema,
  /** Asks for the receiver's nodes with a version above `after`, at most `limit` of them. */
  pull: z.optional(
    z.object({
      /** Only nodes with a version above this one. */
      after: VersionSchema,
      /** At most this many nodes in the reply. */
      limit: z.int().check(z.positive()),
    }),
  ),
})

/** Answer to a mesh exchange. */
export const MeshReplySchema = z.object({
  /** Who answers. */
  from: PeerIdentitySchema,
  /** The receiver's view of the mesh. */
  mesh: MeshViewSchema,
  /** The page of nodes a `pull` asked for (empty otherwise). */
  nodes: MeshNodesSchema,
  /** More nodes remain above the last one of `nodes`: pull again from there. */
  more: z._default(z.boolean(), false),
})

/** Who sent a mesh exchange: server id, incarnation, version slot and URL. */
export type PeerIdentity = z.infer<typeof PeerIdentitySchema>
/** A mesh request as sent: `nodes` may be left out. */
export type MeshRequestInput = z.input<typeof MeshRequestSchema>
/** A mesh request after validation (`nodes` defaulted to `[]`). */
export type MeshRequest = z.output<typeof MeshRequestSchema>
/** A mesh reply after validation (`nodes` and `more` defaulted). */
export type MeshReply = z.output<typeof MeshReplySchema>
