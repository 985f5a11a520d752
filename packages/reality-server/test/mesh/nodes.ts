import { createServer } from 'node:http'
import { listen } from '@reality-internal/test-utils'
import {
  createNodeHandler,
  createRealityServer,
  MemoryStorage,
  type RealityServer,
  type RealityServerOptions,
  type RealityStorage,
} from '../../src'

/*
 * Reality servers in this process, each on its own port and memory storage, for mesh tests.
 * Ports are bound first so every server can be given the others' URLs; a node can be
 * stopped (its port closed, connections cut) and started again on the same port with an
 * empty memory, as a restarted process would be.
 */

export interface MeshNode {
  readonly url: string
  readonly port: number
  server: RealityServer
  errors: unknown[]
  stop(): Promise<void>
  /** Stops it if running, then serves a new server (fresh memory, same id unless given) on the same port. */
  restart(options?: Partial<RealityServerOptions>): Promise<void>
}

export const MESH_TEST_SECRET = 'mesh-test-secret'

export const FAST_MESH = { retryBaseMs: 20, retryMaxMs: 200, timeoutMs: 1000, ackTimeoutMs: 1000 }

/**
 * Starts `count` nodes; `options(i, urls)` gives node i's options (peers default to all
 * others), `storage(i)` its storage (default: a new MemoryStorage at every start).
 */
export const startMesh = async (
  count: number,
  options: (i: number, urls: string[]) => Partial<RealityServerOptions> = () => ({}),
  storage: (i: number) => RealityStorage = () => new MemoryStorage(),
): Promise<MeshNode[]> => {
  const https = Array.from({ length: count }, () => createServer())
  const ports = await Promise.all(https.map(async (http) => (await listen(http)).port))
  const urls = ports.map((port) => `http://127.0.0.1:${port}`)
  const nodes: MeshNode[] = []
  for (let i = 0; i < count; i++) {
    let http = https[i]
    const make = (extra: Partial<RealityServerOptions> = {}): RealityServer => {
      const node = nodes[i]
      return createRealityServer(
        {
          serverId: `node-${i}`,
          // Signed exchanges, as in production; tests of an unauthenticated mesh pass adminToken: undefined.
          adminToken: MESH_TEST_SECRET,
          peers: urls.filter((_, j) => j !== i),
          mesh: { ...FAST_MESH, url: urls[i] },
          onError: (error) => node.errors.push(error),
          ...options(i, urls),
          ...extra,
        },
        storage(i),
      )
    }
    const attach = (server: RealityServer): void => {
      http.removeAllListeners('request')
      http.on('request', createNodeHandler(server))
    }
    const node: MeshNode = {
      url: urls[i],
      port: ports[i],
      errors: [],
      server: undefined as unknown as RealityServer,
      stop: async () => {
        await node.server.close()
        if (!http.listening) return
        await new Promise<void>((resolve) => {
          http.close(() => resolve())
          http.closeAllConnections()
        })
      },
      restart: async (extra) => {
        await node.stop()
        node.server = make(extra)
        http = createServer()
        attach(node.server)
        await listen(http, { port: ports[i] })
      },
    }
    nodes.push(node)
    node.server = make()
    attach(node.server)
  }
  return nodes
}

/** Stops every node (ignores nodes already stopped). */
export const stopMesh = async (nodes: readonly MeshNode[]): Promise<void> => {
  await Promise.all(nodes.map((node) => node.stop().catch(() => {})))
}

/** The version and hash a node serves for `key` (0/'' when it has none). */
export const served = async (node: MeshNode, key: string): Promise<{ version: number; hash: string }> => {
  const entry = (await node.server.handleSync({ known: { [key]: 0 } })).changed[key]
  return { version: entry?.version ?? 0, hash: entry?.hash ?? '' }
}
