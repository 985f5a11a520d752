import {
  DEFAULT_PREFIX,
  describeIssues,
  MESH_PATH,
  type MeshReply,
  MeshReplySchema,
  type MeshRequest,
  MeshRequestSchema,
  summarizeIssues,
} from '@rootlodge/reality/types'
import { InvalidRequestError } from '../core/errors'

// The outbox and peer table speak these types too; they come from the protocol package.
export type { MeshReply, MeshRequest, PeerIdentity } from '@rootlodge/reality/types'

/*
 * Peers exchange short requests on `POST {prefix}/mesh`; the wire format is defined once, by
 * the schemas in `@rootlodge/reality/types` (protocol/mesh.ts). Nothing stays open between
 * two exchanges.
 */

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

/** Validates an exchange request; throws the 400 that names the problem. */
export const parseMeshRequest = (body: unknown): MeshRequest => {
  const result = MeshRequestSchema.safeParse(body)
  if (!result.success)
    throw new InvalidRequestError(
      `invalid mesh request: ${summarizeIssues(result.error.issues)}`,
      describeIssues(result.error.issues),
    )
  return result.data
}

/** Validates a peer's reply; `undefined` when it is not one (a proxy's error page, another app). */
export const parseMeshReply = (body: unknown): MeshReply | undefined => {
  const result = MeshReplySchema.safeParse(body)
  return result.success ? result.data : undefined
}
