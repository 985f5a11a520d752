// Prelude for server fragments: a server, its storage, the Express app it is mounted on, a pg pool, state hashes.
// Global declarations, so a snippet's own import or `const` of the same name shadows them.
declare const server: import('@rootlodge/reality-server').RealityServer
declare const app: import('express').Express
declare const pool: import('pg').Pool
declare const hashOfMessages: string
declare const hashOfCurrentState: string
declare const storage: import('@rootlodge/reality-server').RealityStorage
