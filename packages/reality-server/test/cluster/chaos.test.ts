import { waitFor } from '@reality-internal/test-utils'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runChaos } from './harness/chaos'
import { type Cluster, startCluster, storedState } from './harness/cluster'
import { createPgTable, type PgTable } from './harness/postgres'
import { type RedisProcess, startRedisProcess } from './harness/redis-process'
import type { ServerProcess } from './harness/server-process'
import { updateThrough } from './harness/sim-client'

/*
 * Chaos on a shared PostgreSQL with Redis acceleration: 3 server processes, 50 simulated
 * clients syncing against random servers, 1,000 updates through random servers. Redis is
 * stopped for part of the run, and server 2 is killed (SIGKILL) and restarted in the middle.
 */

const TOKEN = 'chaos-token'
const KEYS = Array.from({ length: 20 }, (_, i) => `chaos:${i}`)
let table: PgTable
let redis: RedisProcess
let cluster: Cluster | undefined
let servers: ServerProcess[] = []

beforeAll(async () => {
  table = await createPgTable('chaos')
  redis = await startRedisProcess()
  cluster = await startCluster(3, (i) => ({
    serverId: `chaos-${i + 1}`,
    adminToken: TOKEN,
    storage: { kind: 'postgres', table: table.name },
    redis: { port: redis.port, client: i === 1 ? 'node-redis' : 'ioredis' },
  }))
  servers = cluster.servers
}, 60_000)

afterAll(async () => {
  await cluster?.stop()
  await redis?.stop()
  await table?.drop()
})

describe('chaos: PostgreSQL + Redis, a server killed and restarted, Redis stopped for a while', () => {
  it('ends with every client holding the final version and hash of every key, no version ever going down', async () => {
    const report = await runChaos({
      servers,
      token: TOKEN,
      keys: KEYS,
      clients: 50,
      updates: 1000,
      updaters: 10,
      events: [
        { at: 150, name: 'stop Redis', run: () => redis.stop() },
        { at: 350, name: 'kill server 2', run: () => servers[1].kill() },
        { at: 600, name: 'restart server 2', run: () => servers[1].restart() },
        { at: 750, name: 'start Redis', run: () => redis.start() },
      ],
      truth: storedState(table.storage(), KEYS),
      convergeTimeout: 15_000,
    })
    console.info(
      `chaos (postgres + redis): ${report.syncs} syncs, ${report.expectedFailures} failovers, ${Math.round(report.elapsedMs)} ms\n  ${report.log.join('\n  ')}`,
    )

    expect(report.unexpected).toEqual([])
    expect(report.clients.flatMap((client) => client.violations)).toEqual([])
    expect(report.final.size).toBe(KEYS.length)
    for (const [key, version] of report.acked) expect(report.final.get(key)?.version).toBeGreaterThanOrEqual(version)
    for (const client of report.clients) expect(client.holds(report.final)).toBe(true)
    for (const server of servers) expect((await server.stats()).syncsServed).toBeGreaterThan(0)
    // Redis acceleration came back by itself on all three: connected, and carrying updates again.
    await waitFor(
      async () => (await Promise.all(servers.map((s) => s.stats()))).every((s) => s.accelerator?.state === 'connected'),
      { message: 'every accelerator connected again', timeout: 15_000 },
    )
    const before = await Promise.all(servers.map((s) => s.stats()))
    expect(before[0].accelerator?.connects).toBeGreaterThanOrEqual(2)
    await updateThrough(servers[0].url, TOKEN, KEYS[0], 'after-chaos')
    await waitFor(
      async () => {
        const now = await Promise.all(servers.map((s) => s.stats()))
        return [1, 2].every((i) => (now[i].accelerator?.received ?? 0) > (before[i].accelerator?.received ?? 0))
      },
      { message: 'servers 2 and 3 to receive through Redis', timeout: 5000 },
    )
  }, 120_000)
})
