import { DEFAULT_PREFIX, SYNC_PATH } from '../protocol/constants'

const ORIGIN = /^[a-z][a-z\d+.-]*:\/\/[^/]*/i

/**
 * The sync URL of each server. A bare origin gets `endpoint` appended (default `/reality/sync`); a URL with a path
 * is a mount point (`…/reality` → `…/reality/sync`) unless it already ends in `/sync`. Without servers, `endpoint`
 * itself is the URL (relative in a browser).
 *
 * @example
 * syncUrls(['http://a:3456', 'http://b/api/reality'], undefined) // ['http://a:3456/reality/sync', 'http://b/api/reality/sync']
 */
export const syncUrls = (servers: readonly string[] | undefined, endpoint: string | undefined): string[] => {
  const path = endpoint ?? DEFAULT_PREFIX + SYNC_PATH
  if (!servers?.length) return [path]
  return servers.map((server) => {
    const base = server.replace(/\/+$/, '')
    if (!base.replace(ORIGIN, '')) return base + (path.startsWith('/') ? path : `/${path}`)
    return base.endsWith(SYNC_PATH) ? base : base + SYNC_PATH
  })
}
