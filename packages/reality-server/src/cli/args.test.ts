import { describe, expect, it } from 'vitest'
import { CliError, parseArgs } from './args'

describe('parseArgs', () => {
  it('defaults to 127.0.0.1:3456 under /reality, no CORS, no peers, no admin token', () => {
    expect(parseArgs([], {})).toEqual({
      port: 3456,
      host: '127.0.0.1',
      cors: undefined,
      peers: [],
      serverId: undefined,
      adminToken: undefined,
      maxBodyBytes: undefined,
      maxKeysPerRequest: undefined,
      maxConnections: undefined,
      maxConnectionsPerIp: undefined,
      rateLimitMax: undefined,
      rateLimitWindowMs: undefined,
      shutdownTimeoutMs: 10_000,
      prefix: '/reality',
      debug: false,
      exposeMesh: false,
      help: false,
      version: false,
      store: {
        storage: { kind: 'memory' },
        table: undefined,
        redis: undefined,
        pgNotify: false,
        channel: undefined,
        refreshInterval: undefined,
      },
      warnings: [],
    })
  })

  it('reads every setting from the environment', () => {
    expect(
      parseArgs([], {
        PORT: '8080',
        HOST: '0.0.0.0',
        REALITY_CORS: 'https://a.example, https://b.example',
        REALITY_PEERS: 'http://p1:1,,http://p2:2 ',
        REALITY_SERVER_ID: 'edge-1',
        REALITY_ADMIN_TOKEN: 'env-admin-token-0123',
        REALITY_PREFIX: '/sync-api',
        REALITY_MAX_BODY_BYTES: '1024',
        REALITY_MAX_KEYS: '10',
        REALITY_MAX_CONNECTIONS: '500',
        REALITY_MAX_CONNECTIONS_PER_IP: '0',
        REALITY_RATE_LIMIT_MAX: '50',
        REALITY_RATE_LIMIT_WINDOW_MS: '2000',
        REALITY_SHUTDOWN_TIMEOUT_MS: '3000',
        REALITY_DEBUG: '1',
        DATABASE_URL: 'postgres://db.test/app',
        REALITY_TABLE: 'ops.reality_nodes',
        REALITY_PG_NOTIFY: '1',
        REALITY_CHANNEL: 'app:updates',
        REALITY_REFRESH_INTERVAL: '1000',
        REALITY_EXPOSE_MESH: '1',
      }),
    ).toEqual({
      port: 8080,
      host: '0.0.0.0',
      cors: ['https://a.example', 'https://b.example'],
      peers: ['http://p1:1', 'http://p2:2'],
      serverId: 'edge-1',
      adminToken: 'env-admin-token-0123',
      maxBodyBytes: 1024,
      maxKeysPerRequest: 10,
      maxConnections: 500,
      maxConnectionsPerIp: 0,
      rateLimitMax: 50,
      rateLimitWindowMs: 2000,
      shutdownTimeoutMs: 3000,
      prefix: '/sync-api',
      debug: true,
      exposeMesh: true,
      help: false,
      version: false,
      store: {
        storage: { kind: 'postgres', url: 'postgres://db.test/app' },
        table: 'ops.reality_nodes',
        redis: undefined,
        pgNotify: true,
        channel: 'app:updates',
        refreshInterval: 1000,
      },
      warnings: [],
    })
  })

  it('lets flags, in both spellings, win over the environment', () => {
    const config = parseArgs(
      ['--port', '0', '--host=::1', '--cors', '*', '--peers=http://flag:1', '--admin-token', 'flag-admin-token-012'],
      {
        PORT: '9999',
        HOST: '10.0.0.1',
        REALITY_CORS: 'https://env.example',
        REALITY_PEERS: 'http://env:1',
        REALITY_ADMIN_TOKEN: 'env-admin-token-0123',
      },
    )
    expect(config).toMatchObject({
      port: 0,
      host: '::1',
      cors: ['*'],
      peers: ['http://flag:1'],
      adminToken: 'flag-admin-token-012',
    })
  })

  it('treats empty values as unset', () => {
    expect(parseArgs([], { PORT: '', HOST: '', REALITY_CORS: ' , ', REALITY_ADMIN_TOKEN: '' })).toMatchObject({
      port: 3456,
      host: '127.0.0.1',
      cors: undefined,
      adminToken: undefined,
    })
  })

  it('recognises --help, -h, --version and --debug', () => {
    expect(parseArgs(['-h'], {}).help).toBe(true)
    expect(parseArgs(['--help'], {}).help).toBe(true)
    expect(parseArgs(['--version'], {}).version).toBe(true)
    expect(parseArgs(['--debug'], {}).debug).toBe(true)
    expect(parseArgs([], { REALITY_DEBUG: 'true' }).debug).toBe(true)
    expect(parseArgs([], { REALITY_DEBUG: '0' }).debug).toBe(false)
  })

  it('accepts a prefix path, origins and http(s) peer URLs', () => {
    expect(
      parseArgs(
        ['--prefix', '/', '--cors', '*,http://localhost:5173', '--peers', 'https://a.test/,http://[::1]:9'],
        {},
      ),
    ).toMatchObject({ prefix: '/', cors: ['*', 'http://localhost:5173'], peers: ['https://a.test/', 'http://[::1]:9'] })
  })

  it.each([
    [['--verbose'], "unknown option '--verbose' (see --help)"],
    [['-x'], "unknown option '-x' (see --help)"],
    [['3456'], "unexpected argument '3456' (see --help)"],
    [['--port'], '--port needs a value'],
    [['--port', '--debug'], '--port needs a value'],
    [['--debug=1'], '--debug takes no value'],
    [['--port', '-1'], "--port needs a value (write --port=<value> for one that starts with '-')"],
    [['--port=-1'], "--port must be an integer from 0 to 65535, got '-1'"],
    [['--port', '65536'], '--port must be an integer'],
    [['--port', '80.5'], '--port must be an integer'],
    [['--max-keys', '0'], '--max-keys must be an integer from 1'],
    [['--max-body-bytes', 'lots'], '--max-body-bytes must be an integer'],
    [['--max-connections', '0'], '--max-connections must be an integer from 1'],
    [['--max-connections-per-ip', '-1'], '--max-connections-per-ip needs a value'],
    [['--rate-limit-max', '1.5'], '--rate-limit-max must be an integer'],
    [['--rate-limit-window-ms', '0'], '--rate-limit-window-ms must be an integer from 1'],
    [['--prefix', 'noslash'], "--prefix must be a path that starts with '/', like /reality, got 'noslash'"],
    [['--prefix', '/a b'], '--prefix must be a path'],
    [['--prefix', '/reality?x=1'], '--prefix must be a path'],
    [['--peers', 'http://ok.test,not-a-url'], "--peers takes http(s) URLs, got 'not-a-url'"],
    [['--peers', 'ftp://peer.test'], "--peers takes http(s) URLs, got 'ftp://peer.test'"],
    [['--cors', 'localhost'], "--cors takes origins like https://app.example or '*', got 'localhost'"],
  ])('rejects %j with a one-line message naming the flag', (argv, message) => {
    let thrown: unknown
    try {
      parseArgs(argv, {})
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(CliError)
    expect((thrown as CliError).message).toContain(message)
    expect((thrown as CliError).message).not.toContain('\n')
  })

  it('rejects a bad value from the environment too, naming the flag and the variable', () => {
    expect(() => parseArgs([], { PORT: 'http' })).toThrow(
      "--port must be an integer from 0 to 65535, got 'http' (from PORT)",
    )
    expect(() => parseArgs([], { REALITY_PEERS: 'peer-1:3456' })).toThrow(
      "--peers takes http(s) URLs, got 'peer-1:3456' (from REALITY_PEERS)",
    )
    expect(() => parseArgs([], { REALITY_PREFIX: 'api' })).toThrow(/^--prefix .* \(from REALITY_PREFIX\)$/)
  })

  it('ignores a bad environment value that a flag overrides', () => {
    expect(parseArgs(['--port', '0'], { PORT: 'http' }).port).toBe(0)
  })

  describe('the admin token', () => {
    const TOKEN = 'a-token-of-24-characters'
    const files = (contents: Record<string, string>) => (path: string) => {
      const text = contents[path]
      if (text === undefined) throw Object.assign(new Error(`no such file ${path}`), { code: 'ENOENT' })
      return text
    }

    it('reads it from --admin-token-file or REALITY_ADMIN_TOKEN_FILE, without the trailing newline', () => {
      const read = files({ '/run/secrets/token': `${TOKEN}\n` })
      expect(parseArgs(['--admin-token-file', '/run/secrets/token'], {}, read)).toMatchObject({
        adminToken: TOKEN,
        warnings: [],
      })
      expect(parseArgs([], { REALITY_ADMIN_TOKEN_FILE: '/run/secrets/token' }, read).adminToken).toBe(TOKEN)
    })

    it('prefers a flag to the environment, and the inline variable to the file variable', () => {
      const read = files({ '/flag': 'from-the-flag-file-0001', '/env': 'from-the-env-file-00001' })
      const env = { REALITY_ADMIN_TOKEN: 'from-the-env-var-000001', REALITY_ADMIN_TOKEN_FILE: '/env' }
      expect(parseArgs(['--admin-token-file', '/flag'], env, read).adminToken).toBe('from-the-flag-file-0001')
      expect(parseArgs([], env, read).adminToken).toBe('from-the-env-var-000001')
    })

    it('accepts it on the command line with a warning that ps shows it', () => {
      const config = parseArgs(['--admin-token', TOKEN], {})
      expect(config.adminToken).toBe(TOKEN)
      expect(config.warnings).toEqual([expect.stringContaining('visible to every local user')])
      expect(parseArgs([], { REALITY_ADMIN_TOKEN: TOKEN }).warnings).toEqual([])
    })

    it.each([
      [
        ['--admin-token', 'short-token-15c'],
        {},
        'the admin token (--admin-token) must be at least 16 characters, got 15',
      ],
      [
        [],
        { REALITY_ADMIN_TOKEN: 'tok' },
        'the admin token (REALITY_ADMIN_TOKEN) must be at least 16 characters, got 3',
      ],
      [['--admin-token-file', '/short'], {}, 'the admin token (--admin-token-file) must be at least 16 characters'],
      [['--admin-token-file', '/missing'], {}, "--admin-token-file could not be read (ENOENT), got '/missing'"],
      [['--admin-token', TOKEN, '--admin-token-file', '/short'], {}, 'not both'],
    ])('refuses %j %j without echoing the token', (argv, env, message) => {
      const read = files({ '/short': 'short\n' })
      let thrown: unknown
      try {
        parseArgs(argv, env, read)
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(CliError)
      expect((thrown as CliError).message).toContain(message)
      expect((thrown as CliError).message).not.toMatch(/short-token|'tok'|'short'/)
    })
  })
})
