import * as z from 'zod/mini'
import { EXECUTION_MODES, MAX_KEY_LENGTH, PEER_HEALTH, SYNC_HINTS, SYNC_MODES } from './constants'

/*
 * The single definition of the wire protocol. Server and client both validate with
 * these schemas; the types below are inferred from them, never written twice.
 * zod/mini keeps the client bundle small; `.parse()` / `.safeParse()` work as with classic Zod.
 */

/** Which client mode sends a sync: the native client, or one of the compatibility layers (`SYNC_MODES`). */
export const SyncModeSchema = z.enum(SYNC_MODES)
/** Why a client syncs now (`SYNC_HINTS`): logged and passed to hooks, it never changes the answer. */
export const SyncHintSchema = z.enum(SYNC_HINTS)
/** Where a client gets its answers (`EXECUTION_MODES`): over HTTP, from an embedded server during SSR, or either. */
export const ExecutionModeSchema = z.enum(EXECUTION_MODES)
/** The last observed state of a mesh peer (`PEER_HEALTH`). */
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
  /** The version the client holds of each key it watches; `0` for a key it has never seen. */
  known: KnownVersionsSchema,
  /** Names the client in logs, hooks and rate limits (not authenticated); the client sends a random UUID. */
  clientId: z._default(z.string().check(z.maxLength(128)), 'anonymous'),
  /** Which client mode asks (default `native`). */
  mode: z._default(SyncModeSchema, 'native'),
  /** Why it asks now (default `interaction`). */
  hint: z._default(SyncHintSchema, 'interaction'),
  /** The client's clock (ms since epoch), for diagnostics only. */
  timestamp: z.optional(z.number()),
})

/** Change metadata of one key. Never the payload. */
export const RealityNodeMetaSchema = z.object({
  /** The key this metadata describes. */
  key: z.string(),
  /** Its current version: from the storage's single sequence, so greater than every version issued before it. */
  version: VersionSchema,
  /** The app's content hash (or one derived from the version after an invalidation without a hash). */
  hash: z.string(),
  /** When the key last changed, in ms since epoch. */
  updatedAt: z.number(),
})

/** An entry of `changed`: the node's metadata and the id of the server that answered. */
export const ChangedNodeSchema = z.extend(RealityNodeMetaSchema, {
  /** The id of the server that answered. */
  source: z.optional(z.string()),
})

/**
 * Mesh information riding on every sync response. `peers` lists the peers this server
 * knows (URLs or ids), `health` their last observed state, `serverVersion` the highest
 * version in this server's graph.
 */
export const MeshInfoSchema = z.object({
  /** The id of the server that answered. */
  serverId: z.optional(z.string()),
  /** The peers it knows (URLs or ids); empty unless the server exposes its mesh (`exposeMesh`). */
  peers: z.array(z.string()),
  /** The highest version it has seen (0 unless it exposes its mesh). */
  serverVersion: z.number(),
  /** The last observed health of each peer. */
  health: z.optional(recordOf(PeerHealthSchema, 'expected an object of peer → health')),
})

/** `changed` of a sync response: key → the metadata of each key whose version is above the client's. */
export const ChangedNodesSchema = recordOf(ChangedNodeSchema, 'expected an object of key → node')

/** A sync response: the keys that changed since the versions the client sent, and the server's mesh view. */
export const SyncResponseSchema = z.object({
  /** The keys whose version is greater than the client's `known` one; keys the server never saw are absent. */
  changed: ChangedNodesSchema,
  /** What the server says about its mesh (mostly empty unless it exposes it). */
  mesh: MeshInfoSchema,
  /** The server's clock (ms since epoch) when it answered. */
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
    /** The keys to mark changed (at least one). */
    keys: z.array(z.string().check(z.minLength(1), z.maxLength(MAX_KEY_LENGTH))).check(z.minLength(1)),
    /** Their new content hash; without it, one derived from the new version. */
    hash: z.optional(z.string()),
  }),
  z.object({
    /** The one key to mark changed. */
    key: z.string().check(z.minLength(1), z.maxLength(MAX_KEY_LENGTH)),
    /** Its new content hash; without it, one derived from the new version. */
    hash: z.optional(z.string()),
  }),
])

/** Body of every error response. */
export const ErrorBodySchema = z.object({
  /** The error code (`ERROR_CODES`), stable across versions: match on this. */
  error: z.string(),
  /** A human-readable explanation, e.g. which field broke the schema. */
  message: z.string(),
  /** For `invalid_request`: the fields that broke the schema (at most 20, then a `(more)` entry). */
  issues: z.optional(
    z.array(
      z.object({
        /** The field, as a dotted path (`known.a`). */
        path: z.string(),
        /** What is wrong with it. */
        message: z.string(),
      }),
    ),
  ),
})

/** `native`, `sse-compat` or `polling-compat`: which client mode sends a sync. */
export type SyncMode = z.infer<typeof SyncModeSchema>
/** Why a client syncs: `interaction`, `focus`, `idle`, `mutation`, `mount` or `reconnect`. */
export type SyncHint = z.infer<typeof SyncHintSchema>
/** `auto`, `client`, `ssr-embedded` or `server-external`: where a client gets its answers. */
export type ExecutionMode = z.infer<typeof ExecutionModeSchema>
/** `healthy`, `degraded`, `unhealthy` or `unknown`: the last observed state of a mesh peer. */
export type PeerHealth = z.infer<typeof PeerHealthSchema>
/** `known` of a sync request: key → the version the client holds (0 for never seen). */
export type KnownVersions = Record<string, number>
/** A sync request as sent: only `known` is required. */
export type SyncRequestInput = z.input<typeof SyncRequestSchema>
/** A sync request after validation: every field defaulted. */
export type SyncRequest = z.output<typeof SyncRequestSchema>
/** Change metadata of one key (`key`, `version`, `hash`, `updatedAt`): what the server tracks, never the payload. */
export type RealityNodeMeta = z.infer<typeof RealityNodeMetaSchema>
/** An entry of a sync response's `changed`: the key's metadata and the id of the server that answered. */
export type ChangedNode = z.infer<typeof ChangedNodeSchema>
/** The `mesh` field of a sync response. */
export type MeshInfo = z.infer<typeof MeshInfoSchema>
/** A sync response, as validated by `SyncResponseSchema`. */
export type SyncResponse = z.infer<typeof SyncResponseSchema>
/** Body of `POST {prefix}/invalidate`: `{ keys, hash? }` or `{ key, hash? }`. */
export type InvalidateRequest = z.infer<typeof InvalidateRequestSchema>
/** Body of every non-2xx answer: `{ error, message, issues? }`. */
export type ErrorBody = z.infer<typeof ErrorBodySchema>
