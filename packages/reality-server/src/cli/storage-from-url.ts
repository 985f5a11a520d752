import { createPostgresAccelerator } from '../accel/postgres'
import { createRedisAccelerator } from '../accel/redis'
import type { Accelerator } from '../accel/types'
import type { RealityLogger } from '../logging/logger'
import { MemoryStorage } from '../storage/memory'
import { SQLStorage } from '../storage/sql/storage'
import type { RealityStorage } from '../storage/types'
import { exportsOf, loadDriver } from './drivers'
import type { StorageSettings } from './storage-args'

/** What the CLI opened from its storage settings, and how to release it on shutdown. */
export interface OpenedStorage {
  storage: RealityStorage
  accelerator: Accelerator | undefined
  /** For the startup line, without credentials: `postgres storage, table reality_nodes, redis acceleration`. */
  description: string
  /** Ends the pools and clients opened here (after the server's accelerator is closed). */
  close(): Promise<void>
}

type Query = (sql: string, params: unknown[]) => Promise<unknown>

interface Opened {
  query: Query
  close: () => Promise<void>
  pgPool?: import('pg').Pool
}

const openPostgres = async (url: string, log: RealityLogger): Promise<Opened> => {
  const pg = exportsOf(await loadDriver('pg', '--storage postgres://', () => import('pg')))
  // One connection is held for LISTEN with --pg-notify; the rest serve queries.
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  // A backend that dies while idle is reported here; without a listener pg would crash the process.
  pool.on('error', (error) => log.warn({ error }, 'postgres connection lost'))
  return { query: (sql, params) => pool.query(sql, params), close: () => pool.end(), pgPool: pool }
}

const openMysql = async (url: string): Promise<Opened> => {
  const mysql = exportsOf(await loadDriver('mysql2', '--storage mysql://', () => import('mysql2/promise')))
  const pool = mysql.createPool({ uri: url, connectionLimit: 10 })
  return { query: (sql, params) => pool.query(sql, params).then(([result]) => result), close: () => pool.end() }
}

const openSqlite = async (path: string): Promise<Opened> => {
  const Database = exportsOf(await loadDriver('better-sqlite3', '--storage sqlite:', () => import('better-sqlite3')))
  const db = new Database(path)
  // WAL lets several processes read while one writes; busy_timeout waits for a writer instead of failing.
  db.pragma('journal_mode = WAL')
  db.pragma('busy_timeout = 5000')
  return {
    query: async (sql, params) => {
      const statement = db.prepare(sql)
      return statement.reader ? statement.all(...params) : statement.run(...params)
    },
    close: async () => {
      db.close()
    },
  }
}

const openRedis = async (url: string, channel: string | undefined, log: RealityLogger) => {
  const { Redis } = await loadDriver('ioredis', '--redis', () => import('ioredis'))
  const redis = new Redis(url)
  // ioredis reconnects by itself; the read cache covers the gap, so a lost Redis is a warning.
  redis.on('error', (error: Error) => log.warn({ error }, 'redis connection error'))
  return {
    accelerator: createRedisAccelerator({ redis, channel }),
    close: async () => {
      await redis.quit().catch(() => redis.disconnect())
    },
  }
}

/** Opens the storage and accelerator the settings name (drivers loaded on demand). */
export const openStorage = async (settings: StorageSettings, log: RealityLogger): Promise<OpenedStorage> => {
  const { storage: url, table } = settings
  let opened: Opened | undefined
  if (url.kind === 'postgres') opened = await openPostgres(url.url, log)
  else if (url.kind === 'mysql') opened = await openMysql(url.url)
  else if (url.kind === 'sqlite') opened = await openSqlite(url.path)
  const storage: RealityStorage = opened
    ? new SQLStorage({ dialect: url.kind as 'postgres' | 'mysql' | 'sqlite', query: opened.query, tableName: table })
    : new MemoryStorage()
  const parts = [opened ? `${url.kind} storage, table ${table ?? 'reality_nodes'}` : 'memory storage']
  let accelerator: Accelerator | undefined
  const closers: (() => Promise<void>)[] = []
  if (settings.redis) {
    const redis = await openRedis(settings.redis, settings.channel, log)
    accelerator = redis.accelerator
    closers.push(redis.close)
    parts.push('redis acceleration')
  } else if (settings.pgNotify && opened?.pgPool) {
    accelerator = createPostgresAccelerator({ pool: opened.pgPool, channel: settings.channel })
    parts.push('postgres LISTEN/NOTIFY acceleration')
  }
  if (opened) closers.push(opened.close)
  return {
    storage,
    accelerator,
    description: parts.join(', '),
    close: async () => {
      for (const close of closers) await close().catch((error) => log.warn({ error }, 'closing failed'))
    },
  }
}
