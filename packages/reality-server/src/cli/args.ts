/** Parsing of `reality-server` flags and environment; pure so it is tested without a process. */
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
  prefix: string
  debug: boolean
  exposeMesh: boolean
  help: boolean
  version: boolean
  /** `--storage`, `--redis`, `--pg-notify` and their settings (storage-args.ts). */
  store: StorageSettings
}

export const USAGE = `Usage: reality-server [options]

Starts a Reality sync server. Routes: POST <prefix>/sync, GET <prefix>/health
(liveness), GET <prefix>/ready (readiness), POST <prefix>/invalidate and
GET <prefix>/metrics (both need --admin-token).

Options (environment variable in brackets):
  --port <n>            port to listen on, 0 for any free one   [PORT]            (3456)
  --host <addr>         address to bind                         [HOST]            (127.0.0.1)
  --cors <origins>      comma-separated origins, or '*'         [REALITY_CORS]
  --peers <urls>        comma-separated mesh peer http(s) URLs  [REALITY_PEERS]
  --server-id <id>      unique id of this server                [REALITY_SERVER_ID]
  --admin-token <t>     enables POST <prefix>/invalidate        [REALITY_ADMIN_TOKEN]
  --prefix <path>       mount point, starts with '/'            [REALITY_PREFIX]  (/reality)
  --max-body-bytes <n>  request body limit                      [REALITY_MAX_BODY_BYTES] (262144)
  --max-keys <n>        keys per sync request limit             [REALITY_MAX_KEYS] (1000)
  --debug               log every request                       [REALITY_DEBUG=1]
  --expose-mesh         peer URLs and health in sync responses  [REALITY_EXPOSE_MESH=1]
  --version             print the version and exit
  -h, --help            show this help

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
  prefix: 'REALITY_PREFIX',
  'max-body-bytes': 'REALITY_MAX_BODY_BYTES',
  'max-keys': 'REALITY_MAX_KEYS',
  ...STORAGE_FLAGS,
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

/** Flags win over environment variables, which win over defaults; empty values count as unset. */
export const parseArgs = (argv: readonly string[], env: Record<string, string | undefined>): CliConfig => {
  const flags = readFlags(argv)
  const get = (flag: ValueFlag): Setting | undefined => {
    const fromFlag = flags[flag]
    if (fromFlag !== undefined && fromFlag !== '') return { flag, value: fromFlag, from: 'flag' }
    const fromEnv = env[VALUE_FLAGS[flag]]
    if (fromFlag === undefined && fromEnv !== undefined && fromEnv !== '')
      return { flag, value: fromEnv, from: VALUE_FLAGS[flag] }
    return undefined
  }
  return {
    port: integer(get('port'), 0, 65535) ?? 3456,
    host: get('host')?.value ?? '127.0.0.1',
    cors: origins(get('cors')),
    peers: peerUrls(get('peers')),
    serverId: get('server-id')?.value,
    adminToken: get('admin-token')?.value,
    prefix: prefixPath(get('prefix')),
    maxBodyBytes: integer(get('max-body-bytes'), 64, 64 * 1024 * 1024),
    maxKeysPerRequest: integer(get('max-keys'), 1, 100_000),
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
  }
}
