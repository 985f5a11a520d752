import * as z from 'zod/mini'
import { MeshInfoSchema, RealityNodeMetaSchema, VersionSchema } from './schemas'

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

/** Who sent an exchange: a restarted server keeps its id but gets a new incarnation. */
export const PeerIdentitySchema = z.object({
  serverId: z.string().check(z.minLength(1), z.maxLength(256)),
  incarnation: z.string().check(z.maxLength(128)),
  /** Version slot 0–999 of the sender's storage, when it issues its own versions. */
  slot: z.optional(z.int()),
  /** The URL peers reach the sender at, when it was configured (`mesh.url`). */
  url: z.optional(z.string().check(z.refine(isHttpUrl, 'expected an http(s) URL'))),
})

/** Body of `POST {prefix}/mesh`. */
export const MeshRequestSchema = z.object({
  from: PeerIdentitySchema,
  mesh: MeshInfoSchema,
  /** Updates the sender wrote or relays. */
  nodes: z._default(z.array(RealityNodeMetaSchema), []),
  /** Asks for the receiver's nodes with a version above `after`, at most `limit` of them. */
  pull: z.optional(z.object({ after: VersionSchema, limit: z.int().check(z.positive()) })),
})

/** Answer to a mesh exchange. */
export const MeshReplySchema = z.object({
  from: PeerIdentitySchema,
  mesh: MeshInfoSchema,
  /** The page of nodes a `pull` asked for (empty otherwise). */
  nodes: z._default(z.array(RealityNodeMetaSchema), []),
  /** More nodes remain above the last one of `nodes`: pull again from there. */
  more: z._default(z.boolean(), false),
})

export type PeerIdentity = z.infer<typeof PeerIdentitySchema>
export type MeshRequestInput = z.input<typeof MeshRequestSchema>
export type MeshRequest = z.output<typeof MeshRequestSchema>
export type MeshReply = z.output<typeof MeshReplySchema>
