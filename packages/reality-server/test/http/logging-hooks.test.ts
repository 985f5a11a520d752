import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createConsoleLogger,
  createRealityServer,
  type LogFields,
  type RealityServerOptions,
  type RequestEndEvent,
  type SyncEvent,
} from '../../src'
import { send } from '../support/http'
import { listenRealityPerTest } from '../support/listen'

/** A logger that keeps what it is given: the `logger` option takes any object with these four methods. */
const recordingLogger = () => {
  const lines: { level: string; message: string; fields: LogFields }[] = []
  const at = (level: string) => (fields: LogFields, message: string) => {
    lines.push({ level, message, fields })
  }
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } }
}

describe('the logger option and request/sync hooks', () => {
  const listenReality = listenRealityPerTest()
  const start = (options: RealityServerOptions) => listenReality(createRealityServer(options))

  it('logs each request with route, status, duration, keys and clientId; 4xx and failed admin auth as warnings', async () => {
    const { lines, logger } = recordingLogger()
    const url = await start({ logger, adminToken: 'right', serverId: 'logged' })
    await send(`${url}/sync`, { body: { clientId: 'client-7', known: { a: 0, b: 0 } } })
    await send(`${url}/sync`, { body: '{nope' })
    await send(`${url}/invalidate`, { body: { keys: ['a'] }, headers: { authorization: 'Bearer wrong' } })
    await send(`${url}/metrics`, { method: 'GET' })

    const request = lines.find((l) => l.message === 'request')
    expect(request).toMatchObject({
      level: 'debug',
      fields: { serverId: 'logged', route: 'sync', method: 'POST', status: 200, clientId: 'client-7', keys: 2 },
    })
    expect(request?.fields.durationMs).toEqual(expect.any(Number))
    expect(lines.find((l) => l.message === 'sync')).toMatchObject({
      level: 'debug',
      fields: { clientId: 'client-7', keys: 2, changed: 0, hint: expect.any(String) },
    })
    expect(lines.filter((l) => l.level === 'warn').map((l) => [l.message, l.fields.route, l.fields.status])).toEqual([
      ['request rejected', 'sync', 400],
      ['admin authentication failed', 'invalidate', 401],
      ['admin authentication failed', 'metrics', 401],
    ])
  })

  it('calls onRequest with the headers and its returned callback when the request ends, and onSync', async () => {
    const ended: (RequestEndEvent & { traceparent?: string | null })[] = []
    const syncs: SyncEvent[] = []
    const url = await start({
      hooks: {
        onRequest: (start) => {
          const traceparent = start.header('traceparent')
          return (end) => {
            if (start.route === 'sync') ended.push({ ...end, traceparent })
          }
        },
        onSync: (event) => {
          syncs.push(event)
        },
      },
    })
    await send(`${url}/sync`, {
      body: { clientId: 'traced', known: { k: 0 } },
      headers: { traceparent: '00-abc-def-01' },
    })
    expect(ended).toEqual([
      { status: 200, durationMs: expect.any(Number), clientId: 'traced', keys: 1, traceparent: '00-abc-def-01' },
    ])
    expect(syncs).toEqual([expect.objectContaining({ clientId: 'traced', keys: 1, changed: 0 })])
  })

  it('keeps serving when a hook throws, and logs it', async () => {
    const { lines, logger } = recordingLogger()
    const url = await start({
      logger,
      hooks: {
        onRequest: () => {
          throw new Error('tracer broke')
        },
      },
    })
    expect((await send(`${url}/sync`, { body: { known: {} } })).status).toBe(200)
    expect(lines.find((l) => l.level === 'error')?.message).toBe('onRequest hook failed')
  })

  it('createConsoleLogger writes timestamped lines with the fields, skipping levels below its own', () => {
    const written: string[] = []
    const logger = createConsoleLogger('info', (line) => written.push(line))
    logger.debug({ route: 'sync' }, 'request')
    logger.warn({ route: 'sync', status: 400, durationMs: 1.5, clientId: 'a b' }, 'request rejected')
    expect(written).toHaveLength(1)
    expect(written[0]).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z warn request rejected route=sync status=400 durationMs=1.5 clientId="a b"$/,
    )
  })
})

describe('log volume under a flood of bad requests', () => {
  const listenReality = listenRealityPerTest()

  afterEach(() => {
    vi.useRealTimers()
  })

  it('writes at most 20 request lines a second, then one line counting those held back', async () => {
    // Date frozen mid-second: the whole flood falls in one second, whatever the machine's speed.
    vi.useFakeTimers({ toFake: ['Date'], now: 1_700_000_000_500 })
    const { lines, logger } = recordingLogger()
    const url = await listenReality(createRealityServer({ logger }))
    for (let i = 0; i < 200; i++) await send(`${url}/sync`, { body: '{nope' })
    const rejected = () => lines.filter((l) => l.message === 'request rejected')
    expect(rejected()).toHaveLength(20)

    vi.setSystemTime(1_700_000_001_500)
    await send(`${url}/sync`, { body: '{nope' })
    const held = lines.find((l) => l.message.startsWith('request log lines held back'))
    expect(held?.fields.dropped).toBe(180)
    expect(rejected()).toHaveLength(21)
    // Successful requests are debug lines and never held back.
    await send(`${url}/sync`, { body: { known: {} } })
    expect(lines.filter((l) => l.message === 'request')).toHaveLength(1)
  })
})
