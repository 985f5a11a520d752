import type { RealityStorage } from '../../../src'
import type { FixtureConfig } from '../fixtures/server-main'
import type { Final } from './chaos'
import { bundleServerFixture } from './fixture-bundle'
import { freePort } from './ports'
import { type ServerProcess, startServerProcess } from './server-process'

/** Server processes of one cluster, on ports free at start-up, with the bundle they run. */
export interface Cluster {
  readonly servers: ServerProcess[]
  readonly ports: number[]
  /** Stops every server and removes the bundle. */
  stop(): Promise<void>
}

/**
 * Bundles the server fixture and starts `count` server processes on free loopback ports;
 * `configure` gives server `i` its config (ids, storage, peers…), knowing every port.
 */
export const startCluster = async (
  count: number,
  configure: (i: number, ports: number[]) => Omit<FixtureConfig, 'port'>,
): Promise<Cluster> => {
  const bundle = await bundleServerFixture()
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()))
  let servers: ServerProcess[] = []
  try {
    servers = await Promise.all(
      ports.map((port, i) => startServerProcess(bundle.file, { port, ...configure(i, ports) })),
    )
  } catch (error) {
    bundle.dispose()
    throw error
  }
  return {
    servers,
    ports,
    stop: async () => {
      await Promise.all(servers.map((server) => server.stop()))
      bundle.dispose()
    },
  }
}

/** The final state as a storage holds it: what every client must end with after a chaos run. */
export const storedState = (storage: Pick<RealityStorage, 'getNodes'>, keys: string[]) => async (): Promise<Final> => {
  const nodes = await storage.getNodes(keys)
  return new Map([...nodes].map(([key, node]) => [key, { version: node.version, hash: node.hash }]))
}
