import { PEER_HEALTH } from './constants'
import type { ChangedNode, MeshInfo, PeerHealth, SyncResponse } from './schemas'

/*
 * The client's hot-path response parser, written by hand so the browser bundle carries no schema library. It
 * accepts exactly what `SyncResponseSchema` or `LegacySyncResponseSchema` accepts (a property test holds it to
 * that) and returns the current form: `key` from the record key, `updatedAt` from `serverTime` (or 0) when missing,
 * `mesh.peers` as the list of peer ids when sent as a record, `public` when it is a list of strings, unknown fields
 * dropped. One deliberate difference: Zod's record silently drops an entry named "__proto__"; here it is validated
 * and kept, since such a key is data.
 */

type Obj = Record<string, unknown>

const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value)
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value)
const isString = (value: unknown): value is string => typeof value === 'string'
const isOptional = (value: unknown, check: (v: unknown) => boolean): boolean => value === undefined || check(value)

const parseChanged = (key: string, node: unknown, serverTime: number): ChangedNode | undefined => {
  if (!isObject(node)) return undefined
  const { version, hash, updatedAt, source } = node
  if (!Number.isSafeInteger(version) || (version as number) < 0 || !isString(hash)) return undefined
  if (!isOptional(node.key, isString) || !isOptional(updatedAt, isNumber) || !isOptional(source, isString))
    return undefined
  const out: ChangedNode = { key, version: version as number, hash, updatedAt: (updatedAt as number) ?? serverTime }
  if (source !== undefined) out.source = source as string
  return out
}

const parseMesh = (mesh: unknown): MeshInfo | undefined => {
  if (!isObject(mesh) || !isNumber(mesh.serverVersion) || !isOptional(mesh.serverId, isString)) return undefined
  const { peers, health } = mesh
  let ids: string[]
  if (Array.isArray(peers)) {
    if (!peers.every(isString)) return undefined
    ids = [...peers]
  } else if (isObject(peers)) {
    ids = Object.keys(peers)
  } else return undefined
  const out: MeshInfo = { peers: ids, serverVersion: mesh.serverVersion }
  if (mesh.serverId !== undefined) out.serverId = mesh.serverId as string
  if (health !== undefined) {
    if (!isObject(health)) return undefined
    for (const id in health) if (!PEER_HEALTH.includes(health[id] as PeerHealth)) return undefined
    out.health = { ...(health as Record<string, PeerHealth>) }
  }
  return out
}

/**
 * Validates a decoded sync response and normalises it; `undefined` when it is malformed.
 *
 * @example
 * const response = parseSyncResponse(await res.json())
 * if (!response) throw new Error('malformed sync response')
 */
export const parseSyncResponse = (value: unknown): SyncResponse | undefined => {
  if (!isObject(value) || !isOptional(value.serverTime, isNumber) || !isObject(value.changed)) return undefined
  const serverTime = (value.serverTime as number | undefined) ?? 0
  const mesh = parseMesh(value.mesh)
  if (!mesh) return undefined
  // Null prototype: a key named "__proto__" is data.
  const changed: Record<string, ChangedNode> = Object.create(null)
  for (const key in value.changed) {
    const node = parseChanged(key, value.changed[key], serverTime)
    if (!node) return undefined
    changed[key] = node
  }
  const out: SyncResponse = { changed, mesh, serverTime }
  // Only a hint (which keys may go as the cacheable GET): kept when well formed, else ignored, as the 1.2.x form is.
  if (Array.isArray(value.public) && value.public.every(isString)) out.public = [...value.public]
  return out
}
