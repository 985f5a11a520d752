import { type EmbeddedServerHandle, lookupEmbeddedServer } from '../protocol/embedded-registry'

/**
 * The embedded server that `serverId` means, found through `globalThis` so the client package never imports the
 * server package: the one registered under `serverId`; without `serverId`, the first one registered; for an id
 * nobody registered, the only one of the process when there is exactly one (see `lookupEmbeddedServer`).
 * Throws when there is none to use.
 *
 * @example
 * const embedded = getEmbeddedServer('ssr')
 * await embedded.invalidate(['posts'])
 */
export const getEmbeddedServer = (serverId?: string): EmbeddedServerHandle => {
  const found = lookupEmbeddedServer(serverId)
  if (found) return found
  const which =
    serverId === undefined ? 'no embedded Reality server is' : `embedded Reality server "${serverId}" is not`
  throw new Error(`${which} registered: call createEmbeddedRealityServer() from @rootlodge/reality-server first`)
}
