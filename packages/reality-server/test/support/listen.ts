import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach } from 'vitest'

/** A server listening on a free loopback port, and how to stop it. */
export interface Listening {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  origin: string
  close(): Promise<void>
}

/** Starts `server` on 127.0.0.1 with a free port (or waits for it if it is already listening). */
export const listen = async (server: Server): Promise<Listening> => {
  if (!server.listening) {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
  }
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        // Keep-alive sockets of earlier requests would hold close() open.
        server.closeAllConnections()
      }),
  }
}

/** Serves a node:http request listener (a bare handler, an Express app) on a free port. */
export const listenNode = (listener: RequestListener): Promise<Listening> => listen(createServer(listener))

/**
 * For the tests of the enclosing describe: serves a request listener (an Express app…) on a free port and
 * resolves with its origin; every server it started is closed after each test.
 */
export const listenPerTest = (): ((listener: RequestListener) => Promise<string>) => {
  const open: Listening[] = []
  afterEach(async () => {
    await Promise.all(open.splice(0).map((listening) => listening.close()))
  })
  return async (listener) => {
    const listening = await listenNode(listener)
    open.push(listening)
    return listening.origin
  }
}
