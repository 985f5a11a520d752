import * as z from 'zod/mini'
import { PeerHealthSchema, recordOf, VersionSchema } from './schemas'

/*
 * The response form of `@rootlodge/reality-server@1.2.x`, an earlier published implementation of this protocol.
 * Clients accept it beside the current form: `changed` entries may omit `key` and `updatedAt`, `mesh.peers` may be a
 * record keyed by peer id, and `serverTime` may be absent. Every current response is also a valid 1.2 response.
 */

/** An entry of a 1.2.x `changed`: `key` and `updatedAt` may be missing. */
export const LegacyChangedNodeSchema = z.object({
  /** The key (1.2.x servers may leave it out: it is also the entry's name in `changed`). */
  key: z.optional(z.string()),
  /** The key's current version. */
  version: VersionSchema,
  /** The key's content hash. */
  hash: z.string(),
  /** When it last changed (ms since epoch), when the server says. */
  updatedAt: z.optional(z.number()),
  /** The id of the server that answered. */
  source: z.optional(z.string()),
})

/** The `mesh` of a 1.2.x response: `peers` may be a record keyed by peer id. */
export const LegacyMeshInfoSchema = z.object({
  /** The id of the server that answered. */
  serverId: z.optional(z.string()),
  /** The peers it knows: a list, or (1.2.x) a record keyed by peer id. */
  peers: z.union([z.array(z.string()), z.record(z.string(), z.unknown())]),
  /** The highest version it has seen. */
  serverVersion: z.number(),
  /** The last observed health of each peer. */
  health: z.optional(recordOf(PeerHealthSchema, 'expected an object of peer → health')),
})

/** A sync response of `@rootlodge/reality-server@1.2.x`, which clients still accept (`parseSyncResponse`). */
export const LegacySyncResponseSchema = z.object({
  /** The keys that changed, by key. */
  changed: recordOf(LegacyChangedNodeSchema, 'expected an object of key → node'),
  /** The server's mesh view. */
  mesh: LegacyMeshInfoSchema,
  /** The server's clock (ms since epoch); 1.2.x servers may leave it out. */
  serverTime: z.optional(z.number()),
})

/** A sync response in the 1.2.x form, as validated by `LegacySyncResponseSchema`. */
export type LegacySyncResponse = z.infer<typeof LegacySyncResponseSchema>
