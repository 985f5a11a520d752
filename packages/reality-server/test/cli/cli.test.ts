import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ERROR_CODES } from '@rootlodge/reality/types'
import { afterEach, describe, expect, it } from 'vitest'
import type { SyncResponse } from '../../src'
import { BIN_PATH, type CliServer, runCli, startCli } from '../support/cli'
import { errorBody, send } from '../support/http'

/* The `reality-server` bin as a real child process on a free port. */
const TOKEN = 'cli-test-admin-token-0123'

describe('reality-server CLI', () => {
  const running: CliServer[] = []
  const start = async (args?: string[], env?: Record<string, string>): Promise<CliServer> => {
    const cli = await startCli(args, env)
    running.push(cli)
    return cli
  }
  afterEach(async () => {
    await Promise.all(running.splice(0).map((cli) => cli.stop('SIGKILL')))
  })

  const sync = async (url: string, known: Record<string, number>): Promise<SyncResponse> => {
    const reply = await send(`${url}/sync`, { body: { known } })
    expect(reply.status).toBe(200)
    return reply.body as SyncResponse
  }

  const invalidate = (url: string, body: unknown, token?: string) =>
    send(`${url}/invalidate`, { body, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } })

  it('prints its URL and answers syncs there', async () => {
    const cli = await start()
    expect(cli.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/reality$/)
    const response = await sync(cli.url, { posts: 0 })
    expect(response.changed).toEqual({})
    expect(response.mesh.peers).toEqual([])
    expect((await send(`${cli.url}/health`, { method: 'GET' })).body).toMatchObject({ status: 'ok' })
  })

  it('takes its settings from PORT, HOST, REALITY_CORS, REALITY_PEERS and REALITY_ADMIN_TOKEN', async () => {
    const cli = await start([], {
      PORT: '0',
      HOST: '127.0.0.2',
      REALITY_CORS: 'https://app.example, https://admin.example',
      REALITY_PEERS: 'http://peer-1.test:3456,http://peer-2.test:3456',
      REALITY_ADMIN_TOKEN: 'env-admin-token-0123',
      REALITY_EXPOSE_MESH: '1',
    })
    expect(cli.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/reality$/)
    expect((await sync(cli.url, {})).mesh.peers).toEqual(['http://peer-1.test:3456', 'http://peer-2.test:3456'])
    const preflight = await send(`${cli.url}/sync`, {
      method: 'OPTIONS',
      headers: { origin: 'https://admin.example', 'access-control-request-method': 'POST' },
    })
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://admin.example')
    expect((await invalidate(cli.url, { keys: ['posts'] }, 'env-admin-token-0123')).status).toBe(200)
  })

  it('lets flags win over the environment', async () => {
    const cli = await start(['--port', '0', '--peers', 'http://flag.test', '--expose-mesh'], {
      PORT: 'not-a-port',
      REALITY_PEERS: 'http://env.test',
    })
    expect((await sync(cli.url, {})).mesh.peers).toEqual(['http://flag.test'])
  })

  it('prints usage for --help and exits 0', async () => {
    const { code, stdout } = await runCli(['--help'])
    expect(code).toBe(0)
    expect(stdout).toContain('Usage: reality-server')
    expect(stdout).toContain('--admin-token')
  })

  it('prints the package version for --version and exits 0', async () => {
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'))
    const { code, stdout } = await runCli(['--version'])
    expect(code).toBe(0)
    expect(stdout).toBe(`${version}\n`)
  })

  it.each([
    [['--bogus'], '--bogus'],
    [['--port', 'eighty'], '--port'],
    [['--port'], '--port'],
    [['--port', '70000'], '--port'],
    [['--prefix', 'noslash'], '--prefix'],
    [['--peers', 'not-a-url'], '--peers'],
  ])('exits 2 with one line naming the flag for %j', async (args, flag) => {
    const { code, stdout, stderr } = await runCli(args)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(/^reality-server: [^\n]+\n$/)
    expect(stderr).toContain(flag)
  })

  it('exits 2 naming the flag for a bad environment value', async () => {
    const { code, stderr } = await runCli([], { REALITY_PEERS: 'not-a-url' })
    expect(code).toBe(2)
    expect(stderr).toBe("reality-server: --peers takes http(s) URLs, got 'not-a-url' (from REALITY_PEERS)\n")
  })

  describe('bin/reality-server.js', () => {
    it('runs the built CLI', async () => {
      const { code, stdout } = await runCli(['--help'], {}, BIN_PATH)
      expect(code).toBe(0)
      expect(stdout).toContain('Usage: reality-server')
    })

    it('says to build first when dist is missing', async () => {
      // A copy of the package with the bin and no dist, as on a fresh clone before `npm run build`.
      const root = await mkdtemp(join(tmpdir(), 'reality-bin-'))
      try {
        await mkdir(join(root, 'bin'))
        await copyFile(new URL('../../package.json', import.meta.url), join(root, 'package.json'))
        await copyFile(BIN_PATH, join(root, 'bin', 'reality-server.js'))
        const { code, stdout, stderr } = await runCli(['--version'], {}, join(root, 'bin', 'reality-server.js'))
        expect(code).toBe(1)
        expect(stdout).toBe('')
        expect(stderr).toContain('run npm run build first')
      } finally {
        await rm(root, { recursive: true, force: true })
      }
    })
  })

  it('exits 1 with a message when the port is taken', async () => {
    const first = await start()
    const port = new URL(first.url).port
    const { code, stderr } = await runCli(['--port', port])
    expect(code).toBe(1)
    expect(stderr).toContain('EADDRINUSE')
  })

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'exits 0 promptly on %s, even with an idle keep-alive client',
    async (signal) => {
      const cli = await start()
      // An idle keep-alive socket would hold a naive close() open until its timeout.
      const agent = new Agent({ keepAlive: true })
      await new Promise<void>((resolve, reject) => {
        const req = request(`${cli.url}/health`, { agent }, (res) => {
          res.resume()
          res.on('end', resolve)
        })
        req.on('error', reject)
        req.end()
      })
      const began = Date.now()
      const { code, signal: killedBy } = await cli.stop(signal)
      agent.destroy()
      expect(code).toBe(0)
      expect(killedBy).toBeNull()
      // Below the CLI's 5 s hard cut-off: the graceful path closed the idle socket itself.
      expect(Date.now() - began).toBeLessThan(4000)
      expect(cli.stdout()).toContain(`${signal}, closing`)
    },
  )

  describe('POST /reality/invalidate', () => {
    it('is refused with 401 when no admin token is configured', async () => {
      const cli = await start()
      const reply = await invalidate(cli.url, { keys: ['posts'] }, 'anything')
      expect(reply.status).toBe(401)
      expect(reply.body).toMatchObject(errorBody(ERROR_CODES.unauthorized))
      expect((await sync(cli.url, { posts: 0 })).changed).toEqual({})
    })

    it('answers 401 without or with a wrong token, 200 with the right one, and the next sync sees it', async () => {
      const cli = await start(['--port', '0'], { REALITY_ADMIN_TOKEN: TOKEN })
      for (const token of [undefined, 'wrong', TOKEN.slice(0, -1), `${TOKEN}!`]) {
        const reply = await invalidate(cli.url, { keys: ['posts'] }, token)
        expect(reply.status).toBe(401)
        expect(reply.headers.get('www-authenticate')).toBe('Bearer')
      }
      const basic = await send(`${cli.url}/invalidate`, {
        body: { keys: ['posts'] },
        headers: { authorization: `Basic ${Buffer.from(TOKEN).toString('base64')}` },
      })
      expect(basic.status).toBe(401)
      expect((await sync(cli.url, { posts: 0 })).changed).toEqual({})

      const ok = await invalidate(cli.url, { keys: ['posts', 'feed'], hash: 'h-42' }, TOKEN)
      expect(ok.status).toBe(200)
      const { updated } = ok.body as { updated: { key: string; version: number; hash: string }[] }
      expect(updated.map((node) => [node.key, node.hash])).toEqual([
        ['posts', 'h-42'],
        ['feed', 'h-42'],
      ])
      const response = await sync(cli.url, { posts: 0, feed: updated[1].version, other: 0 })
      expect(response.changed).toEqual({
        posts: {
          key: 'posts',
          version: updated[0].version,
          hash: 'h-42',
          updatedAt: expect.any(Number),
          source: expect.any(String),
        },
      })

      const bad = await invalidate(cli.url, { keys: [] }, TOKEN)
      expect(bad.status).toBe(400)
      expect(bad.body).toMatchObject({ error: ERROR_CODES.invalidRequest })
    })

    it('never hands out a lower version after a restart (memory storage)', async () => {
      const args = ['--port', '0']
      const env = { REALITY_ADMIN_TOKEN: TOKEN }
      const first = await start(args, env)
      const before = await invalidate(first.url, { key: 'chat:room:general' }, TOKEN)
      const v = (before.body as { updated: { version: number }[] }).updated[0].version
      expect(await first.stop('SIGTERM')).toEqual({ code: 0, signal: null })

      const second = await start(args, env)
      // A client that synced with the first process still holds v: the fresh process knows nothing yet.
      expect((await sync(second.url, { 'chat:room:general': v })).changed).toEqual({})
      const after = await invalidate(second.url, { key: 'chat:room:general' }, TOKEN)
      const next = (after.body as { updated: { version: number }[] }).updated[0].version
      expect(next).toBeGreaterThan(v)
      // ...and that client sees the change made after the restart.
      expect((await sync(second.url, { 'chat:room:general': v })).changed['chat:room:general'].version).toBe(next)
    })
  })
})
