import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { listen } from '@reality-internal/test-utils'
import {
  createNodeHandler,
  createRealityServer,
  MemoryStorage,
  type RealityServer,
  type RealityStorage,
} from '@rootlodge/reality-server'

/** A real RealityServer on a loopback port, recording every sync request body it receives. */
export interface TestServer {
  /** Base URL, e.g. `http://127.0.0.1:41234` (the sync route is `/reality/sync`). */
  url: string
  reality: RealityServer
  /** Raw bodies of the sync requests received, in order. */
  requests: Record<string, unknown>[]
  /** Holds every sync answer from now on until the returned `release` is called. */
  hold(): () => void
  /** Stops accepting connections (connection refused from now on). */
  stop(): Promise<void>
  /** Listens again on the same port. */
  restart(): Promise<void>
}

const close = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })

/** Serves `handler` on 127.0.0.1 and returns the base URL and a close function. */
export const serve = async (
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; port: number; server: Server; close: () => Promise<void> }> => {
  const server = createServer(handler)
  const { port } = await listen(server)
  return { url: `http://127.0.0.1:${port}`, port, server, close: () => close(server) }
}

/** Starts a RealityServer (memory storage) behind `createNodeHandler` on a free port. */
export const startRealityServer = async (
  serverId = 'test',
  storage: RealityStorage = new MemoryStorage(),
): Promise<TestServer> => {
  const reality = createRealityServer({ serverId }, storage)
  const requests: Record<string, unknown>[] = []
  const handleSync = reality.handleSync.bind(reality)
  let gate: Promise<void> | undefined
  // Record what arrives on the wire (the raw body, before defaults), then answer as usual.
  reality.handleSync = async (body) => {
    requests.push(structuredClone(body) as Record<string, unknown>)
    await gate
    return handleSync(body)
  }
  const handler = createNodeHandler(reality)
  let server = createServer(handler)
  const { port } = await listen(server)
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    reality,
    requests,
    hold: () => {
      let release = () => {}
      gate = new Promise((resolve) => {
        release = () => {
          gate = undefined
          resolve()
        }
      })
      return release
    },
    stop: () => close(server),
    restart: async () => {
      server = createServer(handler)
      await listen(server, { port })
    },
  }
}
