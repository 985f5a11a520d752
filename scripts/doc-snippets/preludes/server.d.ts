// Prelude for server fragments: a server, its storage, the Express app it is mounted on, a pg pool, state hashes.
// Global declarations, so a snippet's own import or `const` of the same name shadows them.
declare const server: import('@rootlodge/reality-server').RealityServer
declare const app: import('express').Express
declare const pool: import('pg').Pool
declare const hashOfMessages: string
declare const hashOfCurrentState: string
declare const storage: import('@rootlodge/reality-server').RealityStorage
/** The request being answered (a fetch `Request`). */
declare const request: Request
/** The app's own route handler, after the rate limiter. */
declare const handler: import('express').RequestHandler
/** The app's authorize hook (docs/SECURITY.md). */
declare const authorize: import('@rootlodge/reality-server').Authorize
/** The app's CDN purge. */
declare function purgeCdn(keys: readonly string[]): Promise<void>
/** The node:http server of `createRealityHttpServer(server)` (`@rootlodge/reality-server/node`). */
declare const http: import('@rootlodge/reality-server/node').RealityHttpServer
