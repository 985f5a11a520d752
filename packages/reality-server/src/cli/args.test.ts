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
        REALITY_ADMIN_TOKEN: 'tok',
        REALITY_PREFIX: '/sync-api',
        REALITY_MAX_BODY_BYTES: '1024',
        REALITY_MAX_KEYS: '10',
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
      adminToken: 'tok',
      maxBodyBytes: 1024,
      maxKeysPerRequest: 10,
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
    })
  })

  it('lets flags, in both spellings, win over the environment', () => {
    const config = parseArgs(
      ['--port', '0', '--host=::1', '--cors', '*', '--peers=http://flag:1', '--admin-token', 'f'],
      {
        PORT: '9999',
        HOST: '10.0.0.1',
        REALITY_CORS: 'https://env.example',
        REALITY_PEERS: 'http://env:1',
        REALITY_ADMIN_TOKEN: 'e',
      },
    )
    expect(config).toMatchObject({ port: 0, host: '::1', cors: ['*'], peers: ['http://flag:1'], adminToken: 'f' })
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
})
