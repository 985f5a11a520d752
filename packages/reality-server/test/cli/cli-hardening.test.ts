import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { waitFor } from '@reality-internal/test-utils'
import { ERROR_CODES } from '@rootlodge/reality/types'
import { afterEach, describe, expect, it } from 'vitest'
import { type CliServer, runCli, startCli } from '../support/cli'
import { errorBody, send } from '../support/http'
import { openRaw, parseResponse, refusedConnection } from '../support/sockets'

/*
 * The CLI's secrets, limits and shutdown, against the built bin as a child process: the admin
 * token out of argv, the connection and rate limits of its flags, and a SIGTERM that lets the
 * request in flight finish.
 */

const TOKEN = 'cli-hardening-admin-token'

describe('reality-server CLI hardening', () => {
  const running: CliServer[] = []
  const start = async (args: string[], env?: Record<string, string>): Promise<CliServer> => {
    const cli = await startCli(['--port', '0', ...args], env)
    running.push(cli)
    return cli
  }
  afterEach(async () => {
    await Promise.all(running.splice(0).map((cli) => cli.stop('SIGKILL')))
  })

  const invalidate = (url: string, token: string) =>
    send(`${url}/invalidate`, { body: { key: 'posts' }, headers: { authorization: `Bearer ${token}` } })

  it('reads the admin token from --admin-token-file, and warns nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reality-token-'))
    try {
      const file = join(dir, 'token')
      await writeFile(file, `${TOKEN}\n`, { mode: 0o600 })
      const cli = await start(['--admin-token-file', file])
      expect((await invalidate(cli.url, TOKEN)).status).toBe(200)
      expect((await invalidate(cli.url, TOKEN.slice(1))).status).toBe(401)
      // The failed attempt above may be logged (a warn line of the logger); no warning about the token itself.
      expect(cli.stderr()).not.toContain('warning:')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('warns on stderr when the token is given on the command line, where ps shows it', async () => {
    const cli = await start(['--admin-token', TOKEN])
    expect((await invalidate(cli.url, TOKEN)).status).toBe(200)
    expect(cli.stderr()).toContain('warning: --admin-token on the command line is visible to every local user')
  })

  it.each([
    [['--admin-token', 'too-short'], {}],
    [[], { REALITY_ADMIN_TOKEN: 'too-short' }],
  ])('exits 2 for a token under 16 characters (%j %j), without printing it', async (args, env) => {
    const { code, stdout, stderr } = await runCli(args, env)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toContain('must be at least 16 characters')
    expect(stderr).not.toContain('too-short')
  })

  it('caps connections per address with --max-connections-per-ip', async () => {
    const cli = await start(['--max-connections-per-ip', '1'])
    const port = Number(new URL(cli.url).port)
    const first = await openRaw(port)
    expect(await refusedConnection(port)).toBe('')
    first.socket.destroy()
    // The server frees the slot once it sees the close: the address gets in again.
    await waitFor(async () => (await send(`${cli.url}/health`, { method: 'GET' })).status === 200, {
      message: 'a connection to be accepted again',
    })
  })

  it('rate limits with --rate-limit-max and --rate-limit-window-ms', async () => {
    const cli = await start(['--rate-limit-max', '2', '--rate-limit-window-ms', '600000'])
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await send(`${cli.url}/sync`, { body: { known: {} } })).status)
    expect(statuses).toEqual([200, 200, 429])
  })

  it('on SIGTERM, finishes the request in flight, answers new ones 503 with Retry-After, then exits 0', async () => {
    const cli = await start([])
    const port = Number(new URL(cli.url).port)
    const body = '{"known":{"posts":0}}'
    // Held in flight: the head is sent, the body only after the signal. Node answers
    // `Expect: 100-continue` as it hands the request to the handler: the sentinel that it is in flight.
    const held = await openRaw(port)
    held.socket.write(
      `POST /reality/sync HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`,
    )
    await held.until('100 Continue')
    const exited = new Promise<number | null>((resolve) => cli.child.once('exit', (code) => resolve(code)))
    cli.child.kill('SIGTERM')
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (!cli.stdout().includes('SIGTERM, closing')) return
        cli.child.stdout?.off('data', check)
        resolve()
      }
      cli.child.stdout?.on('data', check)
      check()
    })

    const late = await send(`${cli.url}/sync`, { body: { known: {} } })
    expect(late.status).toBe(503)
    expect(Number(late.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(late.body).toMatchObject(errorBody(ERROR_CODES.shuttingDown))

    held.socket.write(body)
    await held.closed
    const answered = parseResponse(held.received().replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, ''))
    expect(answered.status).toBe(200)
    expect(answered.body).toMatchObject({ changed: {} })
    expect(await exited).toBe(0)
  })

  it('on SIGTERM, cuts a request still in flight at --shutdown-timeout-ms and exits 0', async () => {
    const cli = await start(['--shutdown-timeout-ms', '200'])
    const port = Number(new URL(cli.url).port)
    const held = await openRaw(port)
    held.socket.write(
      'POST /reality/sync HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n',
    )
    await held.until('100 Continue')
    const { code } = await cli.stop('SIGTERM')
    expect(code).toBe(0)
    await held.closed
    expect(held.received()).toBe('HTTP/1.1 100 Continue\r\n\r\n')
  })
})
