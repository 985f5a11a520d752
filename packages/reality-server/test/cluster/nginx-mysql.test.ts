import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runChaos } from './harness/chaos'
import { bundleServerFixture } from './harness/fixture-bundle'
import { createMysqlTable, type MysqlTable } from './harness/mysql'
import { type Nginx, startNginx } from './harness/nginx'
import { freePort } from './harness/ports'
import { type ServerProcess, startServerProcess } from './harness/server-process'
import { SimClient, updateThrough } from './harness/sim-client'
import { waitFor } from './harness/wait'

/*
 * The cluster of nginx.test.ts on MariaDB instead of PostgreSQL: three server processes on one
 * MariaDB table (SQLStorage, mysql dialect, mysql2), no accelerator, so every server learns of
 * another's write through its read cache. nginx front 0 balances over all three, front 1 over
 * servers 2 and 3 only, so a client behind it never reaches server 1.
 */

const TOKEN = 'cluster-mysql-token'
const KEYS = Array.from({ length: 8 }, (_, i) => `maria:${i}`)
let table: MysqlTable
let dispose: () => void = () => {}
let servers: ServerProcess[] = []
let nginx: Nginx

beforeAll(async () => {
  table = await createMysqlTable('nginx_my')
  const bundle = await bundleServerFixture()
  dispose = bundle.dispose
  const ports = await Promise.all([freePort(), freePort(), freePort()])
  servers = await Promise.all(
    ports.map((port, i) =>
      startServerProcess(bundle.file, {
        port,
        serverId: `maria-${i + 1}`,
        adminToken: TOKEN,
        storage: { kind: 'mysql', table: table.name },
      }),
    ),
  )
  nginx = await startNginx([ports, ports.slice(1)])
}, 60_000)

afterAll(async () => {
  await nginx?.stop()
  await Promise.all(servers.map((server) => server.stop()))
  dispose()
  await table?.drop()
})

describe('three servers on one MariaDB table behind nginx', () => {
  it('round-robins over all three servers, with no stickiness', async () => {
    const client = new SimClient('rr', ['rr:key'])
    const order: string[] = []
    for (let i = 0; i < 9; i++) order.push(await client.sync(nginx.urls[0]))
    expect(new Set(order)).toEqual(new Set(['maria-1', 'maria-2', 'maria-3']))
    for (let i = 1; i < order.length; i++) expect(order[i]).not.toBe(order[i - 1])
  })

  it('shows an update made through server 1 to a client whose every request lands on another server', async () => {
    const client = new SimClient('elsewhere', ['doc:1'])
    await client.sync(nginx.urls[1])
    const meta = await updateThrough(servers[0].url, TOKEN, 'doc:1', 'hash-from-maria-1')
    await waitFor(
      async () => {
        await client.sync(nginx.urls[1])
        return client.known['doc:1'] === meta.version
      },
      { message: 'the update on servers 2 and 3', timeout: 5000 },
    )
    expect(client.hashes['doc:1']).toBe('hash-from-maria-1')
    // Both servers behind the second front serve it, and neither is server 1.
    const fresh = [new SimClient('fresh-a', ['doc:1']), new SimClient('fresh-b', ['doc:1'])]
    await waitFor(
      async () => {
        for (const c of fresh) await c.sync(nginx.urls[1])
        return fresh.every((c) => c.known['doc:1'] === meta.version)
      },
      { message: 'fresh clients to get the update', timeout: 5000 },
    )
    const answered = new Set([client, ...fresh].flatMap((c) => [...c.answeredBy.keys()]))
    expect(answered).toEqual(new Set(['maria-2', 'maria-3']))
    for (const c of fresh) expect(c.hashes['doc:1']).toBe('hash-from-maria-1')
    expect([client, ...fresh].flatMap((c) => c.violations)).toEqual([])
  })

  it('converges: 16 clients on random servers, 300 updates through random servers', async () => {
    const storage = table.storage()
    const report = await runChaos({
      servers,
      token: TOKEN,
      keys: KEYS,
      clients: 16,
      updates: 300,
      updaters: 4,
      events: [],
      truth: async () => {
        const nodes = await storage.getNodes(KEYS)
        return new Map([...nodes].map(([key, node]) => [key, { version: node.version, hash: node.hash }]))
      },
      convergeTimeout: 10_000,
    })
    console.info(`cluster on MariaDB: ${report.syncs} syncs, ${Math.round(report.elapsedMs)} ms`)

    expect(report.unexpected).toEqual([])
    expect(report.expectedFailures).toBe(0)
    expect(report.clients.flatMap((client) => client.violations)).toEqual([])
    expect(report.final.size).toBe(KEYS.length)
    for (const [key, version] of report.acked) expect(report.final.get(key)?.version).toBe(version)
    for (const client of report.clients) expect(client.holds(report.final)).toBe(true)
    for (const server of servers) {
      const stats = await server.stats()
      expect(stats.syncsServed).toBeGreaterThan(0)
      expect(stats.errors).toBe(0)
    }
  }, 60_000)
})
