import * as z from 'zod/mini'
import { PeerHealthSchema, recordOf, VersionSchema } from './schemas'

/*
 * The response form of `@rootlodge/reality-server@1.2.x`, an earlier published implementation of this protocol.
 * Clients accept it beside the current form: `changed` entries may omit `key` and `updatedAt`, `mesh.peers` may be a
 * record keyed by peer id, and `serverTime` may be absent. Every current response is also a valid 1.2 response.
 */

export const LegacyChangedNodeSchema = z.object({
  key: z.optional(z.string()),
  version: VersionSchema,
  hash: z.string(),
  updatedAt: z.optional(z.number()),
  source: z.optional(z.string()),
})

export const LegacyMeshInfoSchema = z.object({
  serverId: z.optional(z.string()),
  peers: z.union([z.array(z.string()), z.record(z.string(), z.unknown())]),
  serverVersion: z.number(),
  health: z.optional(recordOf(PeerHealthSchema, 'expected an object of peer → health')),
})

export const LegacySyncResponseSchema = z.object({
  changed: recordOf(LegacyChangedNodeSchema, 'expected an object of key → node'),
  mesh: LegacyMeshInfoSchema,
  serverTime: z.optional(z.number()),
})

export type LegacySyncResponse = z.infer<typeof LegacySyncResponseSchema>
