import * as z from 'zod/mini'
import { EXECUTION_MODES, MAX_KEY_LENGTH, PEER_HEALTH, SYNC_HINTS, SYNC_MODES } from './constants'

/*
 * The single definition of the wire protocol. Server and client both validate with
 * these schemas; the types below are inferred from them, never written twice.
 * zod/mini keeps the client bundle small; `.parse()` / `.safeParse()` work as with classic Zod.
 */

export const SyncModeSchema = z.enum(SYNC_MODES)
export const SyncHintSchema = z.enum(SYNC_HINTS)
export const ExecutionModeSchema = z.enum(EXECUTION_MODES)
export const PeerHealthSchema = z.enum(PEER_HEALTH)

/** A version is a non-negative safe integer; versions only grow. */
export const VersionSchema = z.int().check(z.nonnegative())

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const keyProblem = (key: string): string | undefined => {
  if (key.length === 0) return 'key must not be empty'
  if (key.length > MAX_KEY_LENGTH) return `key is longer than ${MAX_KEY_LENGTH} characters`
  return undefined
}

/**
 * `{ [key]: value }` checked entry by entry without copying, for the same reason as `known`:
 * an entry named `__proto__` is data, validated and kept (`z.record` would drop it unchecked).
 */
export const recordOf = <T extends z.core.$ZodType>(value: T, message: string) =>
  z.custom<Record<string, z.infer<T>>>(isPlainObject, { message }).check(
    z.check((ctx) => {
      for (const key in ctx.value) {
        const result = z.safeParse(value, ctx.value[key])
        if (result.success) continue
        for (const issue of result.error.issues) {
          ctx.issues.push({ code: 'custom', input: ctx.value[key], path: [key, ...issue.path], message: issue.message })
        }
      }
    }),
  )

/**
 * `{ [key]: version }`. Checked key by key without copying: `z.record` rebuilds the object
 * and would turn a `"__proto__"` key into a prototype change, so an ordinary key named
 * `__proto__` or `constructor` must reach the server as it was sent.
 */
export const KnownVersionsSchema = z
  .custom<Record<string, number>>(isPlainObject, { message: 'expected an object of key → version' })
  .check(
    z.check((ctx) => {
      const known = ctx.value
      for (const key in known) {
        const problem = keyProblem(key)
        if (problem) {
          ctx.issues.push({ code: 'custom', input: key, path: [key], message: problem })
          continue
        }
        const version = known[key]
        if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) {
          ctx.issues.push({
            code: 'custom',
            input: version,
            path: [key],
            message: 'version must be a non-negative integer',
          })
        }
      }
    }),
  )

/**
 * A sync request. The minimal form is `{ "known": { ... } }`; the full form adds
 * `clientId`, `mode`, `hint` and `timestamp`, each defaulted when absent.
 */
export const SyncRequestSchema = z.object({
  known: KnownVersionsSchema,
  clientId: z._default(z.string().check(z.maxLength(128)), 'anonymous'),
  mode: z._default(SyncModeSchema, 'native'),
  hint: z._default(SyncHintSchema, 'interaction'),
  timestamp: z.optional(z.number()),
})

/** Change metadata of one key. Never the payload. */
export const RealityNodeMetaSchema = z.object({
  key: z.string(),
  version: VersionSchema,
  hash: z.string(),
  updatedAt: z.number(),
})

/** An entry of `changed`: the node's metadata and the id of the server that answered. */
export const ChangedNodeSchema = z.extend(RealityNodeMetaSchema, {
  source: z.optional(z.string()),
})

/**
 * Mesh information riding on every sync response. `peers` lists the peers this server
 * knows (URLs or ids), `health` their last observed state, `serverVersion` the highest
 * version in this server's graph.
 */
export const MeshInfoSchema = z.object({
  serverId: z.optional(z.string()),
  peers: z.array(z.string()),
  serverVersion: z.number(),
  health: z.optional(recordOf(PeerHealthSchema, 'expected an object of peer → health')),
})

export const ChangedNodesSchema = recordOf(ChangedNodeSchema, 'expected an object of key → node')

export const SyncResponseSchema = z.object({
  changed: ChangedNodesSchema,
  mesh: MeshInfoSchema,
  serverTime: z.number(),
  /**
   * The requested keys the server marks public (its `publicKeys` option, after `authorize`): a client may check
   * them with the cacheable `GET` form. Absent when there are none.
   */
  public: z.optional(z.array(z.string())),
})

/** Body of `POST /reality/invalidate`: `{ keys, hash? }` or `{ key, hash? }`. */
export const InvalidateRequestSchema = z.union([
  z.object({
    keys: z.array(z.string().check(z.minLength(1), z.maxLength(MAX_KEY_LENGTH))).check(z.minLength(1)),
    hash: z.optional(z.string()),
  }),
  z.object({ key: z.string().check(z.minLength(1), z.maxLength(MAX_KEY_LENGTH)), hash: z.optional(z.string()) }),
])

/** Body of every error response. */
export const ErrorBodySchema = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
})

export type SyncMode = z.infer<typeof SyncModeSchema>
export type SyncHint = z.infer<typeof SyncHintSchema>
export type ExecutionMode = z.infer<typeof ExecutionModeSchema>
export type PeerHealth = z.infer<typeof PeerHealthSchema>
export type KnownVersions = Record<string, number>
/** A sync request as sent: only `known` is required. */
export type SyncRequestInput = z.input<typeof SyncRequestSchema>
/** A sync request after validation: every field defaulted. */
export type SyncRequest = z.output<typeof SyncRequestSchema>
export type RealityNodeMeta = z.infer<typeof RealityNodeMetaSchema>
export type ChangedNode = z.infer<typeof ChangedNodeSchema>
export type MeshInfo = z.infer<typeof MeshInfoSchema>
export type SyncResponse = z.infer<typeof SyncResponseSchema>
export type InvalidateRequest = z.infer<typeof InvalidateRequestSchema>
export type ErrorBody = z.infer<typeof ErrorBodySchema>
