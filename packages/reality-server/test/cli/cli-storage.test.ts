import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { waitFor } from '@reality-internal/test-utils'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { SyncResponse } from '../../src'
import { loadDriver, MissingDriverError } from '../../src/cli/drivers'
import {
  dropTable,
  MYSQL_URL,
  mysqlPool,
  mysqlQuery,
  PG_URL,
  pgPool,
  pgQuery,
  tempDir,
  uniqueName,
} from '../storage/databases'
import { type CliServer, runCli, startCli } from '../support/cli'
import { send } from '../support/http'
import { parsePrometheus, sampleValue } from '../support/prometheus'

/*
 * `reality-server --storage …` as real processes: two on one PostgreSQL table form a cluster
 * (an invalidate through one is seen by a sync on the other), with catch-up alone, with Redis
 * and with LISTEN/NOTIFY; MySQL and SQLite start and serve.
 */

const TOKEN = 'cli-storage-token'
const REDIS_URL = 'redis://127.0.0.1:6379'

describe('reality-server with --storage', () => {
  const running: CliServer[] = []
  const pg = pgPool()
  const pgTables: string[] = []
  afterEach(async () => {
    await Promise.all(running.splice(0).map((cli) => cli.stop('SIGKILL')))
  })
  afterAll(async () => {
    for (const table of pgTables) await dropTable(pgQuery(pg), 'postgres', table)
    await pg.end()
  })

  const start = async (args: string[], env: Record<string, string> = {}): Promise<CliServer> => {
    const cli = await startCli(['--port', '0', '--admin-token', TOKEN, ...args], env)
    running.push(cli)
    return cli
  }
  const invalidate = async (cli: CliServer, keys: string[]): Promise<void> => {
    const reply = await send(`${cli.url}/invalidate`, { body: { keys }, headers: { authorization: `Bearer ${TOKEN}` } })
    expect(reply.status).toBe(200)
  }
  const sync = async (cli: CliServer, known: Record<string, number>): Promise<SyncResponse> => {
    const reply = await send(`${cli.url}/sync`, { body: { known } })
    expect(reply.status).toBe(200)
    return reply.body as SyncResponse
  }
  const metric = async (cli: CliServer, name: string, labels?: Record<string, string>) => {
    const reply = await send(`${cli.url}/metrics`, { method: 'GET', headers: { authorization: `Bearer ${TOKEN}` } })
    return sampleValue(parsePrometheus(reply.text), name, labels)
  }
  const pgTable = (): string => {
    const table = uniqueName('cli')
    pgTables.push(table)
    return table
  }

  it('two processes on one PostgreSQL table: an invalidate through one is seen by a sync on the other', async () => {
    const table = pgTable()
    const a = await start(['--storage', PG_URL, '--table', table])
    const b = await start([], { DATABASE_URL: PG_URL, REALITY_TABLE: table })
    expect(a.stdout()).toContain(`(postgres storage, table ${table})`)
    expect(b.stdout()).toContain(`(postgres storage, table ${table})`)
    await invalidate(a, ['cluster:post'])
    const seen = await waitFor(async () => (await sync(b, { 'cluster:post': 0 })).changed['cluster:post'], {
      message: 'B to see the write made through A',
    })
    expect(seen.version).toBeGreaterThan(0)
    expect(await metric(b, 'reality_read_cache_refreshes_total')).toBeGreaterThan(0)
  })

  // A refresh interval of ten minutes: B's read cache, warmed at start, only learns of A's write from the accelerator.
  it.each([
    ['--redis', 'redis', (channel: string) => ['--redis', REDIS_URL, '--channel', channel]],
    ['REDIS_URL', 'redis', (channel: string) => ['--channel', channel]],
    ['--pg-notify', 'postgres', (channel: string) => ['--pg-notify', '--channel', channel]],
  ])('with %s, the update reaches the other process through the accelerator', async (name, kind, flags) => {
    const table = pgTable()
    const channel = `reality:${table}`
    const args = ['--storage', PG_URL, '--table', table, '--refresh-interval', '600000', ...flags(channel)]
    const env: Record<string, string> = name === 'REDIS_URL' ? { REDIS_URL } : {}
    const [a, b] = [await start(args, env), await start(args, env)]
    expect(a.stdout()).toMatch(kind === 'redis' ? 'redis acceleration' : 'LISTEN/NOTIFY acceleration')
    for (const cli of [a, b])
      await waitFor(
        async () => {
          await sync(cli, {}) // a request wakes an accelerator that connects on demand
          return (await metric(cli, 'reality_accelerator_up', { kind })) === 1
        },
        { message: `the ${kind} accelerator to connect` },
      )
    expect((await sync(b, { 'accel:post': 0 })).changed).toEqual({})
    // A (re)connect marks the cache stale once; past that sync, B reads the database no more.
    const refreshes = await metric(b, 'reality_read_cache_refreshes_total')
    await invalidate(a, ['accel:post'])
    const seen = await waitFor(async () => (await sync(b, { 'accel:post': 0 })).changed['accel:post'], {
      message: 'B to hear of the write through the accelerator',
    })
    expect(seen.version).toBeGreaterThan(0)
    expect(await metric(b, 'reality_accelerator_received_total', { kind })).toBe(1)
    expect(await metric(b, 'reality_read_cache_refreshes_total')).toBe(refreshes)
  })

  it('starts and serves on MySQL (MariaDB)', async () => {
    const table = uniqueName('cli')
    const pool = mysqlPool()
    try {
      const cli = await start(['--storage', MYSQL_URL, '--table', table])
      expect(cli.stdout()).toContain(`(mysql storage, table ${table})`)
      await invalidate(cli, ['mysql:key'])
      expect((await sync(cli, { 'mysql:key': 0 })).changed['mysql:key']).toBeDefined()
      expect(await send(`${cli.url}/ready`, { method: 'GET' })).toMatchObject({ status: 200, body: { cache: 'warm' } })
    } finally {
      await dropTable(mysqlQuery(pool), 'mysql', table)
      await pool.end()
    }
  })

  it('starts and serves on SQLite, and a second process on the same file sees the first one’s writes', async () => {
    const { dir, remove } = tempDir()
    try {
      const file = join(dir, `reality-${randomBytes(4).toString('hex')}.db`)
      const a = await start(['--storage', `sqlite:${file}`])
      const b = await start(['--storage', `sqlite://${file}`])
      expect(a.stdout()).toContain('(sqlite storage, table reality_nodes)')
      await invalidate(a, ['sqlite:key'])
      expect((await sync(a, { 'sqlite:key': 0 })).changed['sqlite:key']).toBeDefined()
      await waitFor(async () => (await sync(b, { 'sqlite:key': 0 })).changed['sqlite:key'], {
        message: 'the second process to see the write',
      })
    } finally {
      remove()
    }
  })

  it('--debug prints a timestamped line per request with its status and latency; /metrics needs the token', async () => {
    const cli = await start(['--debug'])
    await sync(cli, { 'debug:key': 0 })
    const line = await waitFor(() => cli.stdout().match(/^.* debug request .*route=sync.*$/m)?.[0], {
      message: 'the request line on stdout',
    })
    expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z debug request .*status=200 durationMs=[\d.]+ keys=1$/)
    expect((await send(`${cli.url}/metrics`, { method: 'GET' })).status).toBe(401)
    expect(await metric(cli, 'reality_syncs_total')).toBe(1)
  })

  it.each([
    [
      ['--storage', 'mongodb://db.test/reality'],
      "--storage must be 'memory', postgres://…, mysql://… or sqlite:<path>",
    ],
    [['--storage', 'sqlite:'], '--storage must be'],
    [['--table', 'bad-name'], '--table must be letters, digits and _'],
    [['--redis', 'localhost:6379'], '--redis must be a redis:// or rediss:// URL'],
    [['--pg-notify'], '--pg-notify needs --storage postgres://'],
    [['--storage', PG_URL, '--pg-notify', '--redis', REDIS_URL], 'choose one'],
  ])('exits 2 naming the flag for %j', async (args, message) => {
    const { code, stderr } = await runCli(args)
    expect(code).toBe(2)
    expect(stderr).toMatch(/^reality-server: [^\n]+\n$/)
    expect(stderr).toContain(message)
  })

  it('names the package to install when a driver is missing', async () => {
    const missing = 'reality-driver-that-is-not-installed'
    const error = await loadDriver(missing, '--storage postgres://', () => import(missing)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MissingDriverError)
    expect((error as Error).message).toBe(
      `--storage postgres:// needs the '${missing}' package: run npm install ${missing}`,
    )
  })
})
