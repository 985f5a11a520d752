/** Parsing of `reality-server` flags and environment; pure (files are read through `readText`) so it is tested without a process. */
import { readFileSync } from 'node:fs'
import { parseArgs as parseFlags } from 'node:util'
import { normalizePeerUrl } from '../mesh/exchange'
import { CliError } from './cli-error'
import { readStorageSettings, STORAGE_FLAGS, STORAGE_USAGE, type StorageSettings } from './storage-args'

export { CliError }

export interface CliConfig {
  port: number
  host: string
  cors: string[] | undefined
  peers: string[]
  serverId: string | undefined
  adminToken: string | undefined
  maxBodyBytes: number | undefined
  maxKeysPerRequest: number | undefined
  maxConnections: number | undefined
  maxConnectionsPerIp: number | undefined
  rateLimitWindowMs: number | undefined
  rateLimitMax: number | undefined
  shutdownTimeoutMs: number
  prefix: string
  debug: boolean
  exposeMesh: boolean
  help: boolean
  version: boolean
  /** `--storage`, `--redis`, `--pg-notify` and their settings (storage-args.ts). */
  store: StorageSettings
  /** Said on stderr at start, e.g. that the admin token was given where `ps` shows it. */
  warnings: string[]
}

/** Shortest admin token accepted: a guessable token would open invalidation to anyone. */
export const MIN_ADMIN_TOKEN_LENGTH = 16
/** ms a SIGTERM waits for requests in flight before cutting them. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000

export const USAGE = `Usage: reality-server [options]

Starts a Reality sync server. Routes: POST <prefix>/sync, GET <prefix>/health
(liveness), GET <prefix>/ready (readiness), POST <prefix>/invalidate and
GET <prefix>/metrics (both need an admin token).

Options (environment variable in brackets):
  --port <n>                     port to listen on, 0 for any free one  [PORT] (3456)
  --host <addr>                  address to bind                        [HOST] (127.0.0.1)
  --cors <origins>               comma-separated origins, or '*'        [REALITY_CORS]
  --peers <urls>                 comma-separated mesh peer http(s) URLs [REALITY_PEERS]
  --server-id <id>               unique id of this server               [REALITY_SERVER_ID]
  --admin-token-file <path>      file holding the admin token, which    [REALITY_ADMIN_TOKEN_FILE]
                                 enables POST <prefix>/invalidate and
                                 authenticates mesh peers (16+ chars);
                                 or set REALITY_ADMIN_TOKEN
  --admin-token <t>              the same on the command line, where    [REALITY_ADMIN_TOKEN]
                                 every local user sees it (ps): avoid
  --prefix <path>                mount point, starts with '/'           [REALITY_PREFIX] (/reality)
  --max-body-bytes <n>           request body limit                     [REALITY_MAX_BODY_BYTES] (262144)
  --max-keys <n>                 keys per sync request limit            [REALITY_MAX_KEYS] (1000)
  --max-connections <n>          open connections in all                [REALITY_MAX_CONNECTIONS]
                                 (10000, or 80% of the open-file limit)
  --max-connections-per-ip <n>   open connections per address, 0 = off  [REALITY_MAX_CONNECTIONS_PER_IP] (128)
  --rate-limit-max <n>           requests per client and per address    [REALITY_RATE_LIMIT_MAX]
                                 per window; turns rate limiting on     (100 with a window given)
  --rate-limit-window-ms <ms>    rate limit window                      [REALITY_RATE_LIMIT_WINDOW_MS] (10000)
  --shutdown-timeout-ms <ms>     wait for requests in flight on SIGTERM [REALITY_SHUTDOWN_TIMEOUT_MS] (10000)
  --debug                        log every request                      [REALITY_DEBUG=1]
  --expose-mesh                  peer URLs and health in sync responses [REALITY_EXPOSE_MESH=1]
  --version                      print the version and exit
  -h, --help                     show this help

${STORAGE_USAGE}
Exit codes: 0 stopped by SIGTERM/SIGINT, 1 could not listen, 2 bad option.
`

/** Flags that take a value, and the environment variable each falls back to. */
const VALUE_FLAGS = {
  port: 'PORT',
  host: 'HOST',
  cors: 'REALITY_CORS',
  peers: 'REALITY_PEERS',
  'server-id': 'REALITY_SERVER_ID',
  'admin-token': 'REALITY_ADMIN_TOKEN',
  'admin-token-file': 'REALITY_ADMIN_TOKEN_FILE',
  prefix: 'REALITY_PREFIX',
  'max-body-bytes': 'REALITY_MAX_BODY_BYTES',
  'max-keys': 'REALITY_MAX_KEYS',
  ...STORAGE_FLAGS,
  'max-connections': 'REALITY_MAX_CONNECTIONS',
  'max-connections-per-ip': 'REALITY_MAX_CONNECTIONS_PER_IP',
  'rate-limit-max': 'REALITY_RATE_LIMIT_MAX',
  'rate-limit-window-ms': 'REALITY_RATE_LIMIT_WINDOW_MS',
  'shutdown-timeout-ms': 'REALITY_SHUTDOWN_TIMEOUT_MS',
} as const

type ValueFlag = keyof typeof VALUE_FLAGS

const OPTIONS = {
  ...(Object.fromEntries(Object.keys(VALUE_FLAGS).map((flag) => [flag, { type: 'string' }])) as Record<
    ValueFlag,
    { type: 'string' }
  >),
  debug: { type: 'boolean' },
  'pg-notify': { type: 'boolean' },
  'expose-mesh': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const

/** node:util's messages span lines and read differently per case; ours are one line that names the flag. */
const rephrase = (error: Error & { code?: string }): CliError => {
  const flag = /'(-[^' ]*)/.exec(error.message)?.[1] ?? ''
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new CliError(`unknown option '${flag}' (see --help)`)
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new CliError(`unexpected argument '${/'([^']*)'/.exec(error.message)?.[1]}' (see --help)`)
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return new CliError(
        error.message.includes('does not take an argument')
          ? `${flag} takes no value`
          : `${flag} needs a value (write ${flag}=<value> for one that starts with '-')`,
      )
    default:
      return new CliError(error.message.split('\n')[0])
  }
}

const readFlags = (argv: readonly string[]) => {
  try {
    return parseFlags({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values
  } catch (error) {
    throw error instanceof TypeError ? rephrase(error) : error
  }
}

/** A value and where it came from, so an error can say which variable to fix. */
interface Setting {
  flag: ValueFlag
  value: string
  from: string
}

/** Throws the one-line message for a bad value (`bad`: the offending item of a list). */
const fail = (setting: Setting, problem: string, bad = setting.value): never => {
  const source = setting.from === 'flag' ? '' : ` (from ${setting.from})`
  throw new CliError(`--${setting.flag} ${problem}, got '${bad}'${source}`)
}

const list = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

const integer = (setting: Setting | undefined, min: number, max: number): number | undefined => {
  if (setting === undefined) return undefined
  const n = Number(setting.value)
  if (!Number.isInteger(n) || n < min || n > max) fail(setting, `must be an integer from ${min} to ${max}`)
  return n
}

const isUrl = (value: string): boolean => {
  try {
    new URL(value)
    return true
  } catch {
    return false
  }
}

const origins = (setting: Setting | undefined): string[] | undefined => {
  if (setting === undefined) return undefined
  const values = list(setting.value)
  for (const origin of values)
    if (origin !== '*' && !isUrl(origin)) fail(setting, `takes origins like https://app.example or '*'`, origin)
  return values.length ? values : undefined
}

const peerUrls = (setting: Setting | undefined): string[] => {
  if (setting === undefined) return []
  const values = list(setting.value)
  for (const peer of values) if (normalizePeerUrl(peer) === undefined) fail(setting, 'takes http(s) URLs', peer)
  return values
}

const prefixPath = (setting: Setting | undefined): string => {
  if (setting === undefined) return '/reality'
  if (!/^\/[^\s?#]*$/.test(setting.value)) fail(setting, `must be a path that starts with '/', like /reality`)
  return setting.value
}

type ReadText = (path: string) => string

const readUtf8: ReadText = (path) => readFileSync(path, 'utf8')

/**
 * The admin token, from (first found) `--admin-token`, `--admin-token-file`, REALITY_ADMIN_TOKEN or
 * REALITY_ADMIN_TOKEN_FILE; the flag on the command line is accepted with a warning. Error
 * messages never contain the token.
 */
const adminToken = (
  inline: Setting | undefined,
  file: Setting | undefined,
  readText: ReadText,
  warnings: string[],
): string | undefined => {
  if (inline?.from === 'flag' && file?.from === 'flag')
    throw new CliError('give --admin-token-file or --admin-token, not both')
  const chosen = [inline, file].find((setting) => setting?.from === 'flag') ?? inline ?? file
  if (chosen === undefined) return undefined
  let token = chosen.value
  if (chosen.flag === 'admin-token-file') {
    try {
      token = readText(chosen.value).trim()
    } catch (error) {
      fail(chosen, `could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
    }
  } else if (chosen.from === 'flag') {
    warnings.push(
      '--admin-token on the command line is visible to every local user (ps): set REALITY_ADMIN_TOKEN or use --admin-token-file',
    )
  }
  const source = chosen.from === 'flag' ? `--${chosen.flag}` : chosen.from
  if (token.length < MIN_ADMIN_TOKEN_LENGTH)
    throw new CliError(
      `the admin token (${source}) must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters, got ${token.length}: generate one with openssl rand -hex 32`,
    )
  return token
}

/** Flags win over environment variables, which win over defaults; empty values count as unset. */
export const parseArgs = (
  argv: readonly string[],
  env: Record<string, string | undefined>,
  readText: ReadText = readUtf8,
): CliConfig => {
  const flags = readFlags(argv)
  const get = (flag: ValueFlag): Setting | undefined => {
    const fromFlag = flags[flag]
    if (fromFlag !== undefined && fromFlag !== '') return { flag, value: fromFlag, from: 'flag' }
    const fromEnv = env[VALUE_FLAGS[flag]]
    if (fromFlag === undefined && fromEnv !== undefined && fromEnv !== '')
      return { flag, value: fromEnv, from: VALUE_FLAGS[flag] }
    return undefined
  }
  const warnings: string[] = []
  return {
    port: integer(get('port'), 0, 65535) ?? 3456,
    host: get('host')?.value ?? '127.0.0.1',
    cors: origins(get('cors')),
    peers: peerUrls(get('peers')),
    serverId: get('server-id')?.value,
    adminToken: adminToken(get('admin-token'), get('admin-token-file'), readText, warnings),
    prefix: prefixPath(get('prefix')),
    maxBodyBytes: integer(get('max-body-bytes'), 64, 64 * 1024 * 1024),
    maxKeysPerRequest: integer(get('max-keys'), 1, 100_000),
    maxConnections: integer(get('max-connections'), 1, 1_000_000),
    maxConnectionsPerIp: integer(get('max-connections-per-ip'), 0, 1_000_000),
    rateLimitMax: integer(get('rate-limit-max'), 1, 1_000_000_000),
    rateLimitWindowMs: integer(get('rate-limit-window-ms'), 1, 86_400_000),
    shutdownTimeoutMs: integer(get('shutdown-timeout-ms'), 0, 600_000) ?? DEFAULT_SHUTDOWN_TIMEOUT_MS,
    debug: flags.debug === true || env.REALITY_DEBUG === '1' || env.REALITY_DEBUG === 'true',
    exposeMesh: flags['expose-mesh'] === true || env.REALITY_EXPOSE_MESH === '1' || env.REALITY_EXPOSE_MESH === 'true',
    help: flags.help === true,
    version: flags.version === true,
    store: readStorageSettings(
      get,
      flags['pg-notify'] === true || env.REALITY_PG_NOTIFY === '1' || env.REALITY_PG_NOTIFY === 'true',
      integer,
      fail,
    ),
    warnings,
  }
}
