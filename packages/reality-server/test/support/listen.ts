import { createServer, type RequestListener } from 'node:http'
import { type Listening, listen } from '@reality-internal/test-utils'
import { afterEach } from 'vitest'
import type { RealityListener, RealityServer } from '../../src'

export { type Listening, listen }

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

/**
 * For the tests of the enclosing describe: `server.listen()` on a free port, resolving with its base URL
 * (`…/reality`); every server it started is closed after each test.
 */
export const listenRealityPerTest = (): ((server: RealityServer) => Promise<string>) => {
  const open: RealityListener[] = []
  afterEach(async () => {
    await Promise.all(open.splice(0).map((listening) => listening.close()))
  })
  return async (server) => {
    const listening = await server.listen({ port: 0 })
    open.push(listening)
    return `${listening.url}/reality`
  }
}
