import type { IncomingMessage } from 'node:http'
import { handleSSECompat, type SSEOptions } from './compat/sse'
import type { RealityServerOptions } from './core/options'
import { RealityCore } from './core/reality-core'
import { configureHttp } from './http/config'
import { handleFetchRequest } from './http/fetch'
import { type ListenOptions, listen, type RealityListener } from './http/listen'
import { fetchRemoteAddress } from './http/remote-address'
import type { RealityStorage } from './storage/types'

/*
 * The public server: the framework-free core (core/) composed with its HTTP layer (http/).
 * Plain imports, no registration made as a module's side effect: the package is
 * `sideEffects: false`, and bundlers (esbuild in wrangler) may drop a module imported only for
 * its effect.
 */

/**
 * The sync server: tracks a version and hash per key and tells clients which keys they hold
 * an old version of, over the routes of `getFetchHandler`, the framework adapters or `listen()`.
 * Stateless per request; any instance sharing the storage can answer.
 *
 * @example
 * const server = new RealityServer({ serverId: 'api-1' })
 * await server.updateNode('chat:room:general', createHash(messageIds))
 * export default { fetch: server.getFetchHandler('/reality') }
 */
export class RealityServer extends RealityCore {
  constructor(options: RealityServerOptions = {}, storage?: RealityStorage) {
    super(options, storage)
    configureHttp(this, options)
  }

  /**
   * A `fetch`-style handler serving the routes of `ROUTES` (`/sync`, `/health`, `/invalidate`,
   * `/mesh`, `/events`, `/metrics`, `/ready`) under `prefix`; anything else gets a JSON 404. `info` is the runtime's
   * second argument (Deno's `{ remoteAddr }`, Bun's server), which gives the address the `rateLimit` option keys on.
   */
  getFetchHandler(prefix = '/reality'): (request: Request, info?: unknown) => Promise<Response> {
    return (request, info) =>
      handleFetchRequest(this, request, prefix, { remoteAddress: fetchRemoteAddress(request, info) })
  }

  /**
   * SSE compatibility: answers at once with the changes of `options.keys` the client has not seen, as a finished
   * `text/event-stream` (the browser's EventSource reconnects by itself). Takes a fetch `Request` or an Express /
   * node:http `req`. See `SSEOptions` and docs/COMPATIBILITY.md.
   */
  handleSSECompat(request: Request | IncomingMessage, options: SSEOptions): Promise<Response> {
    return handleSSECompat(this, request, options)
  }

  /**
   * Serves this server on its own port: the `port` and `host` options (default 3456 on
   * 127.0.0.1), or those given here; port 0 picks a free one. Node (and Deno) use node:http
   * with the direct handler, Bun uses `Bun.serve`. Resolves once it accepts connections.
   *
   * @example
   * const listening = await server.listen({ port: 3456 })
   * console.log(`sync at ${listening.url}/reality/sync`)
   * await listening.close()
   */
  listen(options?: ListenOptions): Promise<RealityListener> {
    return listen(this, options)
  }
}

/**
 * Creates a server (the preferred spelling; `new RealityServer(options, storage)` is the same as a class), the
 * storage passed as `options.storage` or second (default: a new `MemoryStorage`).
 *
 * @example
 * const server = createRealityServer({ serverId: 'server-1', storage: new MemoryStorage() })
 */
export const createRealityServer = (options: RealityServerOptions = {}, storage?: RealityStorage): RealityServer =>
  new RealityServer(options, storage)
