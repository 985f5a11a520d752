declare module 'dynalite' {
  import type { Server } from 'node:http'

  interface DynaliteOptions {
    /** Milliseconds a table stays CREATING (0: active at once). */
    createTableMs?: number
    deleteTableMs?: number
    updateTableMs?: number
    /** Directory for a LevelDB store; in memory when omitted. */
    path?: string
  }
  const dynalite: (options?: DynaliteOptions) => Server
  export default dynalite
}
