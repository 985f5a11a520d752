/** The storage and acceleration flags of `reality-server`: parsed here, opened by storage-from-url.ts. */
import { validateTableName } from '../storage/sql/dialects'
import { CliError } from './cli-error'

/** Where versions live, from `--storage` / `DATABASE_URL`. */
export type StorageUrl =
  | { kind: 'memory' }
  | { kind: 'postgres'; url: string }
  | { kind: 'mysql'; url: string }
  | { kind: 'sqlite'; path: string }

export interface StorageSettings {
  storage: StorageUrl
  /** SQL table (`schema.table` allowed); default `reality_nodes`. */
  table: string | undefined
  /** Redis URL for acceleration. */
  redis: string | undefined
  /** PostgreSQL LISTEN/NOTIFY acceleration on the storage's own database. */
  pgNotify: boolean
  /** Channel of the accelerator, the same on every server of one app. */
  channel: string | undefined
  refreshInterval: number | undefined
}

/** Value flags and the environment variable each falls back to. */
export const STORAGE_FLAGS = {
  storage: 'DATABASE_URL',
  table: 'REALITY_TABLE',
  redis: 'REDIS_URL',
  channel: 'REALITY_CHANNEL',
  'refresh-interval': 'REALITY_REFRESH_INTERVAL',
} as const

export type StorageFlag = keyof typeof STORAGE_FLAGS

export const STORAGE_USAGE = `Storage and acceleration:
  --storage <url>       memory, postgres://…, mysql://…, sqlite:<path> [DATABASE_URL] (memory)
  --table <name>        SQL table, schema.table allowed           [REALITY_TABLE]   (reality_nodes)
  --redis <url>         Redis acceleration, redis://host:6379      [REDIS_URL]
  --pg-notify           PostgreSQL LISTEN/NOTIFY acceleration      [REALITY_PG_NOTIFY=1]
  --channel <name>      accelerator channel                        [REALITY_CHANNEL] (reality:updates)
  --refresh-interval <ms> read cache staleness bound               [REALITY_REFRESH_INTERVAL] (250)
  Drivers are loaded when used: npm install pg, mysql2, better-sqlite3 or ioredis.
`

/** A value, the flag it is for and where it came from (`flag` or an environment variable). */
interface Setting {
  flag: string
  value: string
  from: string
}

/** Reports a bad value of `setting`: `problem` is what it must be. */
type Fail<S extends Setting> = (setting: S, problem: string) => never

const STORAGE_FORMS = "must be 'memory', postgres://…, mysql://… or sqlite:<path>"

export const parseStorageUrl = <S extends Setting>(setting: S | undefined, fail: Fail<S>): StorageUrl => {
  if (setting === undefined) return { kind: 'memory' }
  const value = setting.value
  if (value === 'memory' || value === 'memory:') return { kind: 'memory' }
  if (value.startsWith('sqlite:')) {
    // sqlite:data.db, sqlite:///var/lib/reality.db, sqlite::memory:
    const path = value.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '')
    if (path === '') fail(setting, STORAGE_FORMS)
    return { kind: 'sqlite', path }
  }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return fail(setting, STORAGE_FORMS)
  }
  if (url.protocol === 'postgres:' || url.protocol === 'postgresql:') return { kind: 'postgres', url: value }
  if (url.protocol === 'mysql:' || url.protocol === 'mariadb:') {
    url.protocol = 'mysql:'
    return { kind: 'mysql', url: url.toString() }
  }
  return fail(setting, STORAGE_FORMS)
}

/** Reads the storage flags; `get` resolves a flag against the environment, `fail` throws the CLI's error. */
export const readStorageSettings = <S extends Setting>(
  get: (flag: StorageFlag) => S | undefined,
  pgNotify: boolean,
  integer: (setting: S | undefined, min: number, max: number) => number | undefined,
  fail: Fail<S>,
): StorageSettings => {
  const storage = parseStorageUrl(get('storage'), fail)
  const table = get('table')
  if (table) {
    try {
      validateTableName(table.value)
    } catch {
      fail(table, 'must be letters, digits and _ (at most 48), optionally schema.table')
    }
  }
  const redis = get('redis')
  if (redis && !/^rediss?:\/\//.test(redis.value)) fail(redis, 'must be a redis:// or rediss:// URL')
  if (pgNotify && storage.kind !== 'postgres')
    throw new CliError('--pg-notify needs --storage postgres://… (LISTEN/NOTIFY runs on the storage database)')
  if (pgNotify && redis) throw new CliError('--redis and --pg-notify are two accelerators: choose one')
  return {
    storage,
    table: table?.value,
    redis: redis?.value,
    pgNotify,
    channel: get('channel')?.value,
    refreshInterval: integer(get('refresh-interval'), 1, 3_600_000),
  }
}
