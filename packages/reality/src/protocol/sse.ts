import { createHash } from '../utils/hash'

/*
 * The wire format of SSE compatibility, shared by the server (`handleSSECompat`, `GET {prefix}/events`) and the
 * client (`RealityEventSource`). docs/COMPATIBILITY.md explains the design.
 *
 * A response is a finite `text/event-stream`: a `retry:` field, a comment naming the keys, one event per key the
 * client holds an older version of (oldest change first), then the end of the response. Each event's `id:` is the
 * cursor after that event, so the `Last-Event-ID` a browser sends when it reconnects says exactly what it has seen.
 */

/** Query parameter naming a key of `GET {prefix}/events` (repeated for several keys). */
export const SSE_KEY_PARAM = 'key'
/** Content type of an SSE compatibility answer (and what `RealityEventSource` requires of one). */
export const SSE_CONTENT_TYPE = 'text/event-stream'
/** Request header in which an `EventSource` sends back the last `id:` it received. */
export const LAST_EVENT_ID_HEADER = 'last-event-id'
/** Comment line `: reality-keys ["a","b"]` that tells `RealityEventSource` which keys an endpoint serves. */
export const SSE_KEYS_COMMENT = 'reality-keys'
/** `retry:` (ms) when `heartbeatInterval` is not given: how soon a browser's `EventSource` checks back. */
export const DEFAULT_SSE_RETRY = 3_000

const CURSOR_TAG = 'r1'
const SEPARATOR = '.'

/** The keys of an endpoint in cursor order: deduplicated and sorted, so `['b', 'a']` and `['a', 'b']` agree. */
export const cursorKeys = (keys: Iterable<string>): string[] => [...new Set(keys)].sort()

// Which key list a cursor was made for: a cursor of another list (the app changed its keys) is not reused.
const fingerprint = (keys: readonly string[]): string => createHash(keys.join('\n')).slice(0, 8)

/**
 * Encodes what a client has seen of `keys` (from `cursorKeys`): `r1.<fingerprint>.<v1>.<v2>…`, one base-36 version
 * per key in order, `0` for a key not seen. Built only from storage versions, so it survives a server restart and
 * means the same on every server of a cluster.
 */
export const encodeSSECursor = (keys: readonly string[], versions: ReadonlyMap<string, number>): string =>
  [CURSOR_TAG, fingerprint(keys), ...keys.map((key) => (versions.get(key) ?? 0).toString(36))].join(SEPARATOR)

/**
 * The versions a cursor says were seen, by key; `null` when it is absent, malformed or made for another key list
 * (the client then counts as new).
 */
export const decodeSSECursor = (
  cursor: string | null | undefined,
  keys: readonly string[],
): Map<string, number> | null => {
  if (!cursor) return null
  const parts = cursor.trim().split(SEPARATOR)
  if (parts.length !== keys.length + 2 || parts[0] !== CURSOR_TAG || parts[1] !== fingerprint(keys)) return null
  const versions = new Map<string, number>()
  for (let i = 0; i < keys.length; i++) {
    const text = parts[i + 2]
    const version = /^[0-9a-z]{1,11}$/.test(text) ? Number.parseInt(text, 36) : Number.NaN
    if (!Number.isSafeInteger(version)) return null
    versions.set(keys[i], version)
  }
  return versions
}
