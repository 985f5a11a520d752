import { waitFor } from '@reality-internal/test-utils'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Final, runChaos } from './harness/chaos'
import { type Cluster, startCluster } from './harness/cluster'
import type { ServerProcess } from './harness/server-process'
import { SimClient } from './harness/sim-client'

/*
 * The same chaos without any database: 3 server processes, each on its own memory storage,
 * forming a mesh. Server 2 is killed (SIGKILL, its memory lost) and restarted in the middle;
 * it pulls the state back from its peers. Every acknowledged update must survive.
 */

const TOKEN = 'mesh-chaos-token'
const KEYS = Array.from({ length: 20 }, (_, i) => `mesh:${i}`)
let cluster: Cluster | undefined
let servers: ServerProcess[] = []

beforeAll(async () => {
  cluster = await startCluster(3, (i, ports) => {
    const urls = ports.map((port) => `http://127.0.0.1:${port}`)
    return {
      serverId: `mesh-${i + 1}`,
      adminToken: TOKEN,
      storage: { kind: 'memory' },
      peers: urls.filter((_, j) => j !== i),
      mesh: { url: urls[i], retryBaseMs: 50, retryMaxMs: 500 },
    }
  })
  servers = cluster.servers
}, 60_000)

afterAll(async () => {
  await cluster?.stop()
})

/** The state all servers agree on, once they do (each is asked with a fresh client). */
const agreedState = async (): Promise<Final> =>
  waitFor(
    async () => {
      const views = await Promise.all(
        servers.map(async (server) => {
          const client = new SimClient(`probe-${server.config.serverId}`, KEYS)
          await client.sync(server.url)
          return KEYS.map((key) => `${key}@${client.known[key]}#${client.hashes[key]}`).join(',')
        }),
      )
      if (new Set(views).size !== 1) return undefined
      const probe = new SimClient('probe', KEYS)
      await probe.sync(servers[0].url)
      return new Map(KEYS.map((key) => [key, { version: probe.known[key], hash: probe.hashes[key] }]))
    },
    { message: 'the three servers to agree', timeout: 15_000, every: 100 },
  )

describe('chaos: mesh on memory storage, no database', () => {
  it('ends with every client holding the final version and hash of every key, no version ever going down', async () => {
    const report = await runChaos({
      servers,
      token: TOKEN,
      keys: KEYS,
      clients: 50,
      updates: 1000,
      updaters: 10,
      events: [
        { at: 300, name: 'kill server 2', run: () => servers[1].kill() },
        { at: 550, name: 'restart server 2', run: () => servers[1].restart() },
      ],
      truth: agreedState,
      convergeTimeout: 15_000,
    })
    console.info(
      `chaos (memory mesh): ${report.syncs} syncs, ${report.expectedFailures} failovers, ${Math.round(report.elapsedMs)} ms\n  ${report.log.join('\n  ')}`,
    )

    expect(report.unexpected).toEqual([])
    expect(report.clients.flatMap((client) => client.violations)).toEqual([])
    // No acknowledged update was lost with the killed server's memory.
    for (const [key, version] of report.acked) expect(report.final.get(key)?.version).toBeGreaterThanOrEqual(version)
    for (const client of report.clients) expect(client.holds(report.final)).toBe(true)
    const stats = await Promise.all(servers.map((server) => server.stats()))
    for (const s of stats) {
      expect(s.syncsServed).toBeGreaterThan(0)
      expect(s.mesh?.queued).toBe(0)
      expect(Object.values(s.mesh?.health ?? {})).toEqual(['healthy', 'healthy'])
    }
  }, 120_000)
})
