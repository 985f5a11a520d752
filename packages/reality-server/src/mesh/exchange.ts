import {
  DEFAULT_PREFIX,
  describeIssues,
  type MeshInfo,
  MeshInfoSchema,
  type RealityNodeMeta,
  RealityNodeMetaSchema,
  summarizeIssues,
} from '@rootlodge/reality/types'
import { InvalidRequestError } from '../core/errors'

/*
 * The short request peers exchange: `POST {prefix}/mesh`. It carries the sender's identity
 * and mesh view (gossip), updates to apply, and optionally asks for a page of the receiver's
 * nodes (a restarted or new server pulling the state it lost). The reply carries the same
 * identity and view back. Nothing stays open between two exchanges.
 */

/** Route of the peer exchange under the server's prefix. */
export const MESH_PATH = '/mesh'

/** Who sent an exchange: a restarted server keeps its id but gets a new incarnation. */
export interface PeerIdentity {
  serverId: string
  incarnation: string
  /** Version slot (memory storage), see VersionClock. */
  slot?: number
  /** The URL peers reach the sender at, when it was configured (`mesh.url`). */
  url?: string
}

export interface MeshRequest {
  from: PeerIdentity
  mesh: MeshInfo
  nodes?: RealityNodeMeta[]
  /** Asks for the receiver's nodes with a version above `after`, at most `limit` of them. */
  pull?: { after: number; limit: number }
}

export interface MeshReply {
  from: PeerIdentity
  mesh: MeshInfo
  nodes: RealityNodeMeta[]
  /** More nodes remain above the last one of `nodes` (pull again from there). */
  more: boolean
}

/** Where a peer given as `http://host:port` (or with its prefix, `http://host:port/reality`) answers. */
export const meshEndpoint = (peer: string): string => {
  const url = new URL(peer)
  const path = url.pathname.replace(/\/+$/, '')
  url.pathname = `${path || DEFAULT_PREFIX}${MESH_PATH}`
  return url.toString()
}

/** A peer URL without trailing slashes, or `undefined` when it is not an http(s) URL. */
export const normalizePeerUrl = (peer: string): string | undefined => {
  try {
    const url = new URL(peer)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
    return peer.replace(/\/+$/, '')
  } catch {
    return undefined
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

const parseIdentity = (value: unknown): PeerIdentity | undefined => {
  if (!isObject(value)) return undefined
  const { serverId, incarnation, slot, url } = value
  if (typeof serverId !== 'string' || serverId.length === 0 || serverId.length > 256) return undefined
  if (typeof incarnation !== 'string' || incarnation.length > 128) return undefined
  if (slot !== undefined && !Number.isInteger(slot)) return undefined
  if (url !== undefined && (typeof url !== 'string' || normalizePeerUrl(url) === undefined)) return undefined
  return { serverId, incarnation, slot: slot as number | undefined, url: url as string | undefined }
}

const parseNodes = (value: unknown, where: string): RealityNodeMeta[] => {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw new InvalidRequestError(`${where} must be an array of node metadata`)
  return value.map((node, i) => {
    const parsed = RealityNodeMetaSchema.safeParse(node)
    if (!parsed.success)
      throw new InvalidRequestError(
        `${where}[${i}]: ${summarizeIssues(parsed.error.issues)}`,
        describeIssues(parsed.error.issues),
      )
    return parsed.data
  })
}

/** Validates an exchange request; throws the 400 that names the problem. */
export const parseMeshRequest = (body: unknown): MeshRequest => {
  if (!isObject(body)) throw new InvalidRequestError('mesh request must be a JSON object')
  const from = parseIdentity(body.from)
  if (!from) throw new InvalidRequestError('mesh request: from must be { serverId, incarnation, slot?, url? }')
  const mesh = MeshInfoSchema.safeParse(body.mesh)
  if (!mesh.success) throw new InvalidRequestError(`mesh request: mesh: ${summarizeIssues(mesh.error.issues)}`)
  const request: MeshRequest = { from, mesh: mesh.data, nodes: parseNodes(body.nodes, 'nodes') }
  const pull = body.pull
  if (pull !== undefined) {
    if (
      !isObject(pull) ||
      !Number.isSafeInteger(pull.after) ||
      !Number.isInteger(pull.limit) ||
      (pull.limit as number) < 1
    )
      throw new InvalidRequestError('mesh request: pull must be { after: version, limit: positive integer }')
    request.pull = { after: pull.after as number, limit: pull.limit as number }
  }
  return request
}

/** Validates a peer's reply; `undefined` when it is not one (a proxy's error page, another app). */
export const parseMeshReply = (body: unknown): MeshReply | undefined => {
  if (!isObject(body)) return undefined
  const from = parseIdentity(body.from)
  const mesh = MeshInfoSchema.safeParse(body.mesh)
  if (!from || !mesh.success) return undefined
  try {
    return { from, mesh: mesh.data, nodes: parseNodes(body.nodes, 'nodes'), more: body.more === true }
  } catch {
    return undefined
  }
}
