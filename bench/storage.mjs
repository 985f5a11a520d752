#!/usr/bin/env node
/**
 * @module
 * `npm run bench:storage`: every storage adapter on this machine's real databases, beside MemoryStorage, in one run.
 *
 * Per adapter, on a table of 1,000 keys:
 *   incrementVersion      one version issued (sequential calls)
 *   getNodes(10)          10 random existing keys in one call
 *   listChangedSince      the ~10 nodes changed after a recent version (what a server's read cache asks)
 *   sync req/s            POST /reality/sync (10 known keys, 1 changed) on a RealityServer over that storage, in a
 *                         child process, load from autocannon in this one: with the default read cache, and with
 *                         `cache: false` (every sync reads the storage)
 *
 * Options: --adapters memory,sql-pg,… --samples 400 --duration 5 --connections 20
 * Databases: PostgreSQL 127.0.0.1:5432 (db test), MariaDB 127.0.0.1:3306 (db test); dynalite runs in a child process.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MYSQL_URL, median, PG_URL, percentile } from '@reality-internal/test-utils'

const SELF = fileURLToPath(import.meta.url)
const SERVER = new URL('../packages/reality-server/dist/index.js', import.meta.url).href
const PRISMA = new URL('../packages/reality-server/test/storage/prisma-client.mjs', import.meta.url).href
const KEYS = Array.from({ length: 1000 }, (_, i) => `bench:key:${i}`)
const SYNC_KEYS = KEYS.slice(0, 10)

const option = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`)
  return at === -1 ? fallback : process.argv[at + 1]
}

// ADAPTERS: each opens a storage on a table named `table`; `drop` removes the table afterwards.

const ADAPTERS = {
  memory: async () => {
    const { MemoryStorage } = await import(SERVER)
    return { storage: new MemoryStorage(), close: () => {}, drop: () => {} }
  },
  'sql-pg': async (table) => {
    const { SQLStorage } = await import(SERVER)
    const { default: pg } = await import('pg')
    const pool = new pg.Pool({ connectionString: PG_URL, max: 10 })
    const query = (sql, params) => pool.query(sql, params).then((r) => r.rows)
    return {
      storage: new SQLStorage({ query, dialect: 'postgres', tableName: table }),
      close: () => pool.end(),
      drop: () => query(`DROP TABLE IF EXISTS "${table}"`, []),
    }
  },
  'sql-postgres.js': async (table) => {
    const { SQLStorage } = await import(SERVER)
    const { default: postgres } = await import('postgres')
    const sql = postgres(PG_URL, { max: 10, onnotice: () => {} })
    return {
      storage: new SQLStorage({
        query: (text, params) => sql.unsafe(text, params),
        dialect: 'postgres',
        tableName: table,
      }),
      close: () => sql.end(),
      drop: () => sql.unsafe(`DROP TABLE IF EXISTS "${table}"`),
    }
  },
  'sql-mysql2': async (table) => {
    const { SQLStorage } = await import(SERVER)
    const { default: mysql } = await import('mysql2/promise')
    const pool = mysql.createPool({ uri: MYSQL_URL, connectionLimit: 10 })
    const query = (sql, params) => pool.query(sql, params).then(([result]) => result)
    return {
      storage: new SQLStorage({ query, dialect: 'mysql', tableName: table }),
      close: () => pool.end(),
      drop: () => query(`DROP TABLE IF EXISTS \`${table}\``, []),
    }
  },
  'sql-sqlite': async (table, shared) => {
    const { SQLStorage } = await import(SERVER)
    const { default: Database } = await import('better-sqlite3')
    const db = new Database(join(shared.dir, 'bench.db'))
    db.pragma('journal_mode = WAL')
    const query = (sql, params) => {
      const statement = db.prepare(sql)
      return statement.reader ? statement.all(...params) : statement.run(...params)
    }
    return {
      storage: new SQLStorage({ query, dialect: 'sqlite', tableName: table }),
      close: () => db.close(),
      drop: () => query(`DROP TABLE IF EXISTS "${table}"`, []),
    }
  },
  'drizzle-pg': async (table) => {
    const { createDrizzleAdapter } = await import(SERVER)
    const { default: pg } = await import('pg')
    const { drizzle } = await import('drizzle-orm/node-postgres')
    const pool = new pg.Pool({ connectionString: PG_URL, max: 10 })
    return {
      storage: createDrizzleAdapter(drizzle(pool), { tableName: table }),
      close: () => pool.end(),
      drop: () => pool.query(`DROP TABLE IF EXISTS "${table}"`),
    }
  },
  'prisma-pg': async (table) => {
    const { createPrismaAdapter } = await import(SERVER)
    const { loadPrismaClient } = await import(PRISMA)
    const { PrismaPg } = await import('@prisma/adapter-pg')
    const PrismaClient = loadPrismaClient(table)
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: PG_URL, max: 10 }) })
    return {
      storage: createPrismaAdapter(prisma, { modelName: 'RealityNode' }),
      close: () => prisma.$disconnect(),
      drop: () => prisma.$executeRawUnsafe(`DROP TABLE IF EXISTS "${table}"`),
    }
  },
  dynamodb: async (table, shared) => {
    const { DynamoDBStorage } = await import(SERVER)
    const { DynamoDB } = await import('@aws-sdk/client-dynamodb')
    const client = new DynamoDB({
      endpoint: shared.dynamoEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    })
    return {
      storage: new DynamoDBStorage({ client, tableName: table.replaceAll('_', '-') }),
      close: () => client.destroy(),
      drop: () => client.deleteTable({ TableName: table.replaceAll('_', '-') }).catch(() => {}),
    }
  },
}

// CHILD ROLES: `--role serve` runs a RealityServer over one adapter; `--role dynalite` runs dynalite.

const ready = (value) => process.stdout.write(`${JSON.stringify(value)}\n`)

const serve = async () => {
  const { RealityServer, createNodeHandler } = await import(SERVER)
  const shared = JSON.parse(process.env.BENCH_SHARED)
  const name = option('adapter')
  const { storage } = await ADAPTERS[name](option('table'), shared)
  // Memory lives in this process: it gets the keys here; the others share the parent's table.
  if (name === 'memory') await pooled(KEYS, 8, (key) => write(storage, key))
  // The client knows the current version of 9 keys and an old one of the 10th.
  const nodes = await storage.getNodes(SYNC_KEYS)
  const known = Object.fromEntries(SYNC_KEYS.map((key) => [key, nodes.get(key).version]))
  known[SYNC_KEYS[0]] -= 1
  const server = new RealityServer({ storage, serverId: 'bench', cache: option('cache') === 'on' })
  const http = createServer(createNodeHandler(server))
  http.keepAliveTimeout = 5000
  http.listen(0, '127.0.0.1', () => ready({ port: http.address().port, known }))
}

const runDynalite = async () => {
  const { default: dynalite } = await import('dynalite')
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0 })
  server.listen(0, '127.0.0.1', () => ready({ port: server.address().port }))
}

/** Starts this file in another role; resolves with its first JSON line and the process. */
const child = (args, env = {}) =>
  new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [SELF, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let buffer = ''
    proc.stdout.on('data', (chunk) => {
      buffer += chunk
      const line = buffer.split('\n')[0]
      if (buffer.includes('\n')) resolve({ proc, info: JSON.parse(line) })
    })
    proc.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)))
  })

const stop = (proc) =>
  new Promise((resolve) => {
    proc.removeAllListeners('exit')
    proc.once('exit', resolve)
    proc.kill('SIGTERM')
  })

// MEASUREMENT

/** Runs `task` `samples` times in sequence; median and p99 in milliseconds. */
const time = async (samples, task) => {
  const durations = []
  for (let i = 0; i < samples; i++) {
    const started = performance.now()
    await task(i)
    durations.push(performance.now() - started)
  }
  return { median: median(durations), p99: percentile(durations, 99) }
}

const pooled = async (items, width, task) => {
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await task(items[next++])
    }),
  )
}

const write = async (storage, key) => {
  const version = await storage.incrementVersion(key)
  await storage.setNode(key, { key, version, hash: `h${version}`, updatedAt: Date.now() })
  return version
}

/** Requests per second of POST /reality/sync against `port`, for `duration` seconds. */
const load = async (port, known, duration, connections) => {
  const { default: autocannon } = await import('autocannon')
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/reality/sync`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ known }),
    duration,
    connections,
  })
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`sync answered ${result.non2xx} non-2xx, ${result.errors} errors`)
  return result.requests.average
}

const measure = async (name, shared, settings) => {
  const table = `reality_bench_${process.pid}_${randomBytes(3).toString('hex')}`
  let generated
  if (name === 'prisma-pg') {
    const { generatePrismaClient, realityNodeModel, realityNodeTableSQL } = await import(PRISMA)
    generated = generatePrismaClient({ name: table, models: realityNodeModel(table) })
    const { default: pg } = await import('pg')
    const pool = new pg.Pool({ connectionString: PG_URL, max: 1 })
    for (const statement of realityNodeTableSQL(table)) await pool.query(statement)
    await pool.end()
  }
  const opened = await ADAPTERS[name](table, shared)
  const { storage } = opened
  try {
    await pooled(KEYS, 8, (key) => write(storage, key))
    const row = { adapter: name }
    const increment = await time(settings.samples, (i) => storage.incrementVersion(KEYS[i % KEYS.length]))
    row.incrementVersion = increment
    row['getNodes(10)'] = await time(settings.samples, () =>
      storage.getNodes(Array.from({ length: 10 }, () => KEYS[Math.floor(Math.random() * KEYS.length)])),
    )
    // Ten fresh writes, then ask for what changed after the version just before them.
    const since = await storage.getMaxVersion()
    for (const key of KEYS.slice(100, 110)) await write(storage, key)
    row.listChangedSince = await time(settings.samples, () => storage.listChangedSince(since))
    const changed = await storage.listChangedSince(since)
    if (changed.length !== 10)
      throw new Error(`${name}: listChangedSince returned ${changed.length} nodes, expected 10`)

    for (const cache of ['on', 'off']) {
      const { proc, info } = await child(['--role', 'serve', '--adapter', name, '--table', table, '--cache', cache], {
        BENCH_SHARED: JSON.stringify(shared),
      })
      try {
        const { known } = info
        const probe = await fetch(`http://127.0.0.1:${info.port}/reality/sync`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ known }),
        })
        const body = await probe.json()
        if (Object.keys(body.changed).join() !== SYNC_KEYS[0]) throw new Error(`${name}: sync check failed`)
        row[`sync req/s (cache ${cache})`] = await load(info.port, known, settings.duration, settings.connections)
      } finally {
        await stop(proc)
      }
    }
    return row
  } finally {
    await opened.drop()
    await opened.close()
    generated?.remove()
  }
}

const ms = (value) => (value < 1 ? value.toFixed(3) : value.toFixed(2))

const main = async () => {
  const settings = {
    samples: Number(option('samples', 400)),
    duration: Number(option('duration', 5)),
    connections: Number(option('connections', 20)),
  }
  const names = option('adapters', Object.keys(ADAPTERS).join(',')).split(',')
  const scratch = mkdtempSync(join(tmpdir(), 'reality-bench-'))
  const dynamo = await child(['--role', 'dynalite'])
  const shared = { dir: scratch, dynamoEndpoint: `http://127.0.0.1:${dynamo.info.port}` }
  const rows = []
  try {
    for (const name of names) {
      process.stderr.write(`measuring ${name}…\n`)
      rows.push(await measure(name, shared, settings))
    }
  } finally {
    await stop(dynamo.proc)
    rmSync(scratch, { recursive: true, force: true })
  }
  const memory = rows.find((row) => row.adapter === 'memory')
  console.log(
    `\nstorage adapters, ${settings.samples} sequential calls each; sync: autocannon ${settings.connections} connections × ${settings.duration} s`,
  )
  console.log(
    `times in ms: median / p99; load average at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  )
  console.log(
    '| adapter | incrementVersion | getNodes(10) | listChangedSince (10 new) | sync req/s (read cache) | sync req/s (cache: false) |',
  )
  console.log('| --- | --- | --- | --- | --- | --- |')
  for (const row of rows) {
    const ratio = (key) => (memory ? ` (${(row[key] / memory[key]).toFixed(2)}×)` : '')
    console.log(
      `| ${row.adapter} | ${ms(row.incrementVersion.median)} / ${ms(row.incrementVersion.p99)} | ` +
        `${ms(row['getNodes(10)'].median)} / ${ms(row['getNodes(10)'].p99)} | ` +
        `${ms(row.listChangedSince.median)} / ${ms(row.listChangedSince.p99)} | ` +
        `${Math.round(row['sync req/s (cache on)'])}${ratio('sync req/s (cache on)')} | ` +
        `${Math.round(row['sync req/s (cache off)'])}${ratio('sync req/s (cache off)')} |`,
    )
  }
}

const role = option('role')
if (role === 'serve') await serve()
else if (role === 'dynalite') await runDynalite()
else await main()
