/** Parsing of `reality-server` flags and environment; pure so it is tested without a process. */

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
  help: boolean
}

export const USAGE = `Usage: reality-server [options]

Starts a Reality sync server on memory storage. Routes: POST <prefix>/sync,
GET <prefix>/health, POST <prefix>/invalidate (needs --admin-token).

Options (environment variable in brackets):
  --port <n>            port to listen on, 0 for any free one   [PORT]            (3456)
  --host <addr>         address to bind                         [HOST]            (127.0.0.1)
  --cors <origins>      comma-separated origins, or '*'         [REALITY_CORS]
  --peers <urls>        comma-separated mesh peer URLs          [REALITY_PEERS]
  --server-id <id>      unique id of this server                [REALITY_SERVER_ID]
  --admin-token <t>     enables POST <prefix>/invalidate        [REALITY_ADMIN_TOKEN]
  --prefix <path>       mount point                             [REALITY_PREFIX]  (/reality)
  --max-body-bytes <n>  request body limit                      [REALITY_MAX_BODY_BYTES] (262144)
  --max-keys <n>        keys per sync request limit             [REALITY_MAX_KEYS] (1000)
  --debug               log every request                       [REALITY_DEBUG=1]
  -h, --help            show this help
`

export class CliError extends Error {}

const list = (value: string | undefined): string[] | undefined =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)

const integer = (name: string, value: string | undefined, min: number, max: number): number | undefined => {
  if (value === undefined || value === '') return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max)
    throw new CliError(`${name} must be an integer from ${min} to ${max}, got '${value}'`)
  return n
}

const FLAGS: Record<string, string> = {
  '--port': 'PORT',
  '--host': 'HOST',
  '--cors': 'REALITY_CORS',
  '--peers': 'REALITY_PEERS',
  '--server-id': 'REALITY_SERVER_ID',
  '--admin-token': 'REALITY_ADMIN_TOKEN',
  '--prefix': 'REALITY_PREFIX',
  '--max-body-bytes': 'REALITY_MAX_BODY_BYTES',
  '--max-keys': 'REALITY_MAX_KEYS',
}

/** Flags win over environment variables, which win over defaults. */
export const parseArgs = (argv: readonly string[], env: Record<string, string | undefined>): CliConfig => {
  const values: Record<string, string | undefined> = {}
  for (const [, name] of Object.entries(FLAGS)) values[name] = env[name]
  let debug = env.REALITY_DEBUG === '1' || env.REALITY_DEBUG === 'true'
  let help = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '-h' || arg === '--help') {
      help = true
      continue
    }
    if (arg === '--debug') {
      debug = true
      continue
    }
    const eq = arg.indexOf('=')
    const flag = eq === -1 ? arg : arg.slice(0, eq)
    const name = FLAGS[flag]
    if (!name) throw new CliError(`unknown option '${arg}' (see --help)`)
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1)
    if (value === undefined) throw new CliError(`${flag} needs a value`)
    values[name] = value
  }
  const cors = list(values.REALITY_CORS)
  return {
    port: integer('--port', values.PORT, 0, 65535) ?? 3456,
    host: values.HOST || '127.0.0.1',
    cors: cors?.length ? cors : undefined,
    peers: list(values.REALITY_PEERS) ?? [],
    serverId: values.REALITY_SERVER_ID || undefined,
    adminToken: values.REALITY_ADMIN_TOKEN || undefined,
    prefix: values.REALITY_PREFIX || '/reality',
    maxBodyBytes: integer('--max-body-bytes', values.REALITY_MAX_BODY_BYTES, 64, 64 * 1024 * 1024),
    maxKeysPerRequest: integer('--max-keys', values.REALITY_MAX_KEYS, 1, 100_000),
    debug,
    help,
  }
}
