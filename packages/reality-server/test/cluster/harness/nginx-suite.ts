import { waitFor } from '@reality-internal/test-utils'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runChaos } from './chaos'
import { type Cluster, startCluster, storedState } from './cluster'
import type { MysqlTable } from './mysql'
import { type Nginx, startNginx } from './nginx'
import type { PgTable } from './postgres'
import { SimClient, updateThrough } from './sim-client'

/*
 * Three server processes on one shared SQL table behind nginx, round robin, no stickiness, no
 * accelerator: every server learns of another's write through its read cache. nginx front 0
 * balances over all three, front 1 over servers 2 and 3 only, so a client behind it can be
 * sure that none of its requests reaches server 1, where the update was made. Run on
 * PostgreSQL and on MariaDB by the two test files.
 */

export interface NginxSuiteOptions {
  /** Named in the describe title and the timing line. */
  database: string
  storage: 'postgres' | 'mysql'
  createTable: (prefix: string) => Promise<PgTable | MysqlTable>
  /** Table prefix, server ids (`<prefix>-1`…) and keys, so runs on other files stay apart. */
  prefix: string
}

export const runNginxSuite = ({ database, storage, createTable, prefix }: NginxSuiteOptions): void => {
  const TOKEN = `cluster-${prefix}-token`
  const KEYS = Array.from({ length: 8 }, (_, i) => `${prefix}:${i}`)
  const ids = [1, 2, 3].map((i) => `${prefix}-${i}`)
  let table: PgTable | MysqlTable
  let cluster: Cluster | undefined
  let servers: Cluster['servers'] = []
  let nginx: Nginx

  beforeAll(async () => {
    table = await createTable(`nginx_${prefix}`)
    cluster = await startCluster(3, (i) => ({
      serverId: ids[i],
      adminToken: TOKEN,
      storage: { kind: storage, table: table.name },
    }))
    servers = cluster.servers
    nginx = await startNginx([cluster.ports, cluster.ports.slice(1)])
  }, 60_000)

  afterAll(async () => {
    await nginx?.stop()
    await cluster?.stop()
    await table?.drop()
  })

  describe(`three servers on one ${database} table behind nginx`, () => {
    it('round-robins requests over every server, with no stickiness', async () => {
      const client = new SimClient('rr', ['rr:key'])
      const order: string[] = []
      for (let i = 0; i < 12; i++) order.push(await client.sync(nginx.urls[0]))
      expect(new Set(order)).toEqual(new Set(ids))
      // The same client, on the same keep-alive connection, does not stick to one server.
      for (let i = 1; i < order.length; i++) expect(order[i]).not.toBe(order[i - 1])
    })

    it('shows an update made through server 1 to a client whose every request lands on another server', async () => {
      const key = 'chat:room:general'
      const hash = `hash-from-${ids[0]}`
      const client = new SimClient('elsewhere', [key])
      await client.sync(nginx.urls[1])
      const meta = await updateThrough(servers[0].url, TOKEN, key, hash)
      await waitFor(
        async () => {
          const by = await client.sync(nginx.urls[1])
          expect(by).not.toBe(ids[0])
          return client.known[key] === meta.version
        },
        { message: 'the update on servers 2 and 3', timeout: 5000 },
      )
      expect(client.hashes[key]).toBe(hash)
      expect(client.answeredBy.has(ids[0])).toBe(false)
      // Both servers behind the second front serve it, and neither is server 1.
      const fresh = [new SimClient('fresh-a', [key]), new SimClient('fresh-b', [key])]
      await waitFor(
        async () => {
          for (const c of fresh) await c.sync(nginx.urls[1])
          return fresh.every((c) => c.known[key] === meta.version)
        },
        { message: 'fresh clients to get the update', timeout: 5000 },
      )
      expect(new Set(fresh.flatMap((c) => [...c.answeredBy.keys()]))).toEqual(new Set(ids.slice(1)))
      expect(new Set([client, ...fresh].flatMap((c) => [...c.answeredBy.keys()]))).toEqual(new Set(ids.slice(1)))
      for (const c of fresh) expect(c).toMatchObject({ known: { [key]: meta.version }, hashes: { [key]: hash } })
      expect([client, ...fresh].flatMap((c) => c.violations)).toEqual([])
    })

    it('serves an update made through nginx from all three servers', async () => {
      const meta = await updateThrough(nginx.urls[0], TOKEN, 'posts', 'p1')
      const first = new SimClient('first', ['posts'])
      await waitFor(async () => (await first.sync(nginx.urls[0])) && first.known.posts === meta.version, {
        message: 'the update behind nginx',
        timeout: 5000,
      })
      // Three consecutive requests land on three different servers; each serves the update.
      const fresh = Array.from({ length: 3 }, (_, i) => new SimClient(`fresh-${i}`, ['posts']))
      const deadline = Date.now() + 5000
      for (;;) {
        for (const client of fresh) await client.sync(nginx.urls[0])
        if (fresh.every((client) => client.known.posts === meta.version) || Date.now() > deadline) break
      }
      const answered = new Set(fresh.flatMap((client) => [...client.answeredBy.keys()]))
      expect(answered).toEqual(new Set(ids))
      for (const client of fresh)
        expect(client).toMatchObject({ known: { posts: meta.version }, hashes: { posts: 'p1' } })
      for (const server of servers) expect((await server.stats()).errors).toBe(0)
    })

    it('converges: 16 clients on random servers, 300 updates through random servers', async () => {
      const report = await runChaos({
        servers,
        token: TOKEN,
        keys: KEYS,
        clients: 16,
        updates: 300,
        updaters: 4,
        events: [],
        truth: storedState(table.storage(), KEYS),
        convergeTimeout: 10_000,
      })
      console.info(`cluster on ${database}: ${report.syncs} syncs, ${Math.round(report.elapsedMs)} ms`)

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
}
