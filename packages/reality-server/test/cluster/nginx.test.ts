import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleServerFixture } from './harness/fixture-bundle'
import { type Nginx, startNginx } from './harness/nginx'
import { freePort } from './harness/ports'
import { createPgTable, type PgTable } from './harness/postgres'
import { type ServerProcess, startServerProcess } from './harness/server-process'
import { SimClient, updateThrough } from './harness/sim-client'
import { waitFor } from './harness/wait'

/*
 * Three server processes on one PostgreSQL table behind nginx, round robin, no stickiness.
 * A second nginx front balances over servers 2 and 3 only, so a client can be sure that none
 * of its requests reaches server 1, where the update was made.
 */

const TOKEN = 'cluster-token'
let table: PgTable
let dispose: () => void = () => {}
let servers: ServerProcess[] = []
let nginx: Nginx

beforeAll(async () => {
  table = await createPgTable('nginx')
  const bundle = await bundleServerFixture()
  dispose = bundle.dispose
  const ports = await Promise.all([freePort(), freePort(), freePort()])
  servers = await Promise.all(
    ports.map((port, i) =>
      startServerProcess(bundle.file, {
        port,
        serverId: `server-${i + 1}`,
        adminToken: TOKEN,
        storage: { kind: 'postgres', table: table.name },
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

describe('three servers behind nginx', () => {
  it('round-robins requests over every server, with no stickiness', async () => {
    const client = new SimClient('rr', ['rr:key'])
    const order: string[] = []
    for (let i = 0; i < 12; i++) order.push(await client.sync(nginx.urls[0]))
    expect(new Set(order)).toEqual(new Set(['server-1', 'server-2', 'server-3']))
    // The same client, on the same keep-alive connection, does not stick to one server.
    for (let i = 1; i < order.length; i++) expect(order[i]).not.toBe(order[i - 1])
  })

  it('shows an update made through server 1 to a client whose every request lands on another server', async () => {
    const client = new SimClient('elsewhere', ['chat:room:general'])
    await client.sync(nginx.urls[1])
    const meta = await updateThrough(servers[0].url, TOKEN, 'chat:room:general', 'hash-from-server-1')
    await waitFor(
      async () => {
        const by = await client.sync(nginx.urls[1])
        expect(by).not.toBe('server-1')
        return client.known['chat:room:general'] === meta.version
      },
      { message: 'the update on servers 2 and 3', timeout: 5000 },
    )
    expect(client.hashes['chat:room:general']).toBe('hash-from-server-1')
    expect(client.answeredBy.has('server-1')).toBe(false)
    // And every server behind the second front serves it, whichever answers next.
    const fresh = [new SimClient('fresh-a', ['chat:room:general']), new SimClient('fresh-b', ['chat:room:general'])]
    const deadline = Date.now() + 5000
    while (!fresh.every((c) => c.known['chat:room:general'] === meta.version) && Date.now() < deadline)
      for (const c of fresh) await c.sync(nginx.urls[1])
    expect(new Set(fresh.flatMap((c) => [...c.answeredBy.keys()]))).toEqual(new Set(['server-2', 'server-3']))
    for (const c of fresh) expect(c.known['chat:room:general']).toBe(meta.version)
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
    expect(answered).toEqual(new Set(['server-1', 'server-2', 'server-3']))
    for (const client of fresh)
      expect(client).toMatchObject({ known: { posts: meta.version }, hashes: { posts: 'p1' } })
    for (const server of servers) expect((await server.stats()).errors).toBe(0)
  })
})
