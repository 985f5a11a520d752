import type { Server } from 'node:net'

/** A server listening on a loopback port, and how to stop it. */
export interface Listening {
  port: number
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  origin: string
  /** Closes the server and its open connections. */
  close(): Promise<void>
}

/** Starts `server` on 127.0.0.1 and a free port (or the given ones); one already listening is taken as is. */
export declare const listen: (server: Server, options?: { port?: number; host?: string }) => Promise<Listening>
