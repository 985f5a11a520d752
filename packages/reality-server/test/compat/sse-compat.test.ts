import { cursorKeys, decodeSSECursor, encodeSSECursor } from '@rootlodge/reality/types'
import { EventSource as PackageEventSource } from 'eventsource'
import express from 'express'
import { describe, expect, it, vi } from 'vitest'
import { createExpressMiddleware, createRealityServer, MemoryStorage, type RealityServer } from '../../src'
import { listenPerTest } from '../support/listen'
import { SwitchableStorage } from '../support/switchable-storage'

/* handleSSECompat: the seed snippet, the wire format, failures, and the `GET {prefix}/events` route. */

const request = (lastEventId?: string): Request =>
  new Request('http://app.test/events', { headers: lastEventId ? { 'last-event-id': lastEventId } : {} })

/** The `id:` of the last event in a body. */
const lastId = (body: string): string | undefined => [...body.matchAll(/^id: (.*)$/gm)].at(-1)?.[1]

/**
 * Records what `handleSSECompat` resolves with: the seed snippet leaves streaming the response to the reader,
 * so this is how the test sees it. Every call still goes to the real server.
 */
const observed = (server: RealityServer, answers: Response[]): RealityServer =>
  new Proxy(server, {
    get(target, property) {
      if (property !== 'handleSSECompat') return Reflect.get(target, property)
      return async (...args: Parameters<RealityServer['handleSSECompat']>) => {
        const response = await target.handleSSECompat(...args)
        answers.push(response)
        return response
      }
    },
  })

describe('the server README snippet (003, "SSE Compatibility")', () => {
  const start = listenPerTest()

  it('compiles and runs as written: Express req in, a finished event stream out', async () => {
    const answers: Response[] = []
    const reality = createRealityServer({ serverId: 'seed' }, new MemoryStorage())
    const server = observed(reality, answers)
    const { version } = await reality.invalidate('notifications:all')
    const app = express()

    // --- server README (003), as written ---
    // Server-side SSE compatibility endpoint
    // biome-ignore lint/correctness/noUnusedFunctionParameters: the seed's handler signature
    app.get('/events', async (req, res) => {
      // biome-ignore lint/correctness/noUnusedVariables: the seed leaves streaming it to the reader
      const response = await server.handleSSECompat(req, {
        keys: ['notifications:all'],
        heartbeatInterval: 30000,
      })
      // Stream response to client
    })
    // --- end ---

    const origin = await start(app)
    // The snippet never answers (streaming is left to the reader): hang up once the handler has its Response.
    const hangUp = new AbortController()
    const pending = fetch(`${origin}/events`, { signal: hangUp.signal }).catch(() => undefined)
    await vi.waitFor(() => expect(answers).toHaveLength(1))
    hangUp.abort()
    await pending
    expect(answers[0].status).toBe(200)
    expect(answers[0].headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const body = await answers[0].text()
    expect(body).toContain('retry: 30000\n')
    expect(body).toContain(`data: {"key":"notifications:all","version":${version},`)
  })

  it("with the README's forwarding line, a plain EventSource receives each change", async () => {
    const server = createRealityServer({ serverId: 'seed-forwarded' })
    const app = express()
    app.get('/events', async (req, res) => {
      const response = await server.handleSSECompat(req, { keys: ['notifications:all'], heartbeatInterval: 20 })
      res
        .status(response.status)
        .set(Object.fromEntries(response.headers))
        .send(await response.text())
    })
    const origin = await start(app)
    const versions: number[] = []
    const es = new PackageEventSource(`${origin}/events`)
    es.onmessage = (event) => versions.push(JSON.parse(event.data).version)
    try {
      const first = await server.invalidate('notifications:all')
      await vi.waitFor(() => expect(versions).toEqual([first.version]))
      const second = await server.invalidate('notifications:all')
      await vi.waitFor(() => expect(versions).toEqual([first.version, second.version]))
    } finally {
      es.close()
    }
  })
})

describe('handleSSECompat on the wire', () => {
  it('sends retry, the keys, then one event per change with the cursor after it as id; named events and payloads', async () => {
    const server = createRealityServer({ serverId: 'wire' })
    const options = {
      keys: ['room:b', 'room:a'],
      heartbeatInterval: 250,
      event: (key: string) => (key === 'room:a' ? 'chat' : undefined),
      payload: (key: string) => (key === 'room:a' ? 'two\nlines' : { key }),
    }
    const b = await server.invalidate('room:b')
    const a = await server.invalidate('room:a')
    const keys = cursorKeys(options.keys)
    const afterB = encodeSSECursor(keys, new Map([['room:b', b.version]]))
    const afterA = encodeSSECursor(
      keys,
      new Map([
        ['room:a', a.version],
        ['room:b', b.version],
      ]),
    )
    const fresh = await server.handleSSECompat(request(), options)
    expect(await fresh.text()).toBe(
      'retry: 250\n: reality-keys ["room:a","room:b"]\n' +
        `id: ${afterB}\ndata: {"key":"room:b"}\n\n` +
        `id: ${afterA}\nevent: chat\ndata: two\ndata: lines\n\n`,
    )
    // Seen everything: no event, and no blank line that could reset the client's last event id.
    expect(await (await server.handleSSECompat(request(afterA), options)).text()).toBe(
      'retry: 250\n: reality-keys ["room:a","room:b"]\n',
    )
    // Seen b only: a alone.
    expect(lastId(await (await server.handleSSECompat(request(afterB), options)).text())).toBe(afterA)
  })

  it('counts a cursor of another key list, or a malformed one, as a new client', async () => {
    const server = createRealityServer({ serverId: 'other-list' })
    const a = await server.invalidate('a')
    const other = encodeSSECursor(cursorKeys(['a', 'b']), new Map([['a', a.version]]))
    for (const cursor of [other, 'garbage', 'r1.x.y']) {
      const body = await (await server.handleSSECompat(request(cursor), { keys: ['a'] })).text()
      expect(decodeSSECursor(lastId(body), ['a'])?.get('a')).toBe(a.version)
    }
  })

  it('answers storage trouble with 200, no event and a longer retry, so a browser keeps checking', async () => {
    const storage = new SwitchableStorage()
    const errors: unknown[] = []
    const server = createRealityServer(
      { serverId: 'down', retryAfterSeconds: 7, onError: (e) => errors.push(e) },
      storage,
    )
    const { version } = await server.invalidate('k')
    storage.down = true
    const down = await server.handleSSECompat(request(), { keys: ['k'], heartbeatInterval: 100 })
    expect(down.status).toBe(200)
    expect(await down.text()).toBe('retry: 7000\n: storage unavailable\n')
    expect(errors).toHaveLength(1)
    storage.down = false
    const back = await (await server.handleSSECompat(request(), { keys: ['k'], heartbeatInterval: 100 })).text()
    expect(back).toContain(`"version":${version}`)
  })

  it('stops before a key whose payload fails, so the next check sends it again', async () => {
    const errors: unknown[] = []
    const server = createRealityServer({ serverId: 'payload', onError: (e) => errors.push(e) })
    await server.invalidate('ok')
    await server.invalidate('bad')
    let broken = true
    const options = {
      keys: ['ok', 'bad'],
      payload: (key: string) => {
        if (key === 'bad' && broken) throw new Error('payload source down')
        return key
      },
    }
    const first = await (await server.handleSSECompat(request(), options)).text()
    expect(first.match(/^data: .*$/gm)).toEqual(['data: ok'])
    expect(errors).toHaveLength(1)
    broken = false
    const second = await (await server.handleSSECompat(request(lastId(first)), options)).text()
    expect(second.match(/^data: .*$/gm)).toEqual(['data: bad'])
  })

  it('answers protocol errors as JSON: 413 for too many keys, 400 for an empty key', async () => {
    const server = createRealityServer({ serverId: 'errors', limits: { maxKeysPerRequest: 2 } })
    const many = await server.handleSSECompat(request(), { keys: ['a', 'b', 'c'] })
    expect(many.status).toBe(413)
    expect(await many.json()).toMatchObject({ error: 'too_many_keys' })
    const empty = await server.handleSSECompat(request(), { keys: [''] })
    expect(empty.status).toBe(400)
  })
})

describe('GET {prefix}/events on the standard handlers', () => {
  const start = listenPerTest()

  it('serves the keys of the query through the Express middleware, with CORS, and 400 without keys', async () => {
    const server = createRealityServer({ serverId: 'route', cors: { origins: ['http://page.test'] } })
    const app = express()
    app.use('/reality', createExpressMiddleware(server))
    const origin = await start(app)
    const { version } = await server.invalidate('route:k')
    const answer = await fetch(`${origin}/reality/events?key=route:k&key=route:quiet`, {
      headers: { origin: 'http://page.test' },
    })
    expect(answer.status).toBe(200)
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://page.test')
    const body = await answer.text()
    expect(body).toContain(`data: {"key":"route:k","version":${version},`)
    expect(body).toContain(': reality-keys ["route:k","route:quiet"]\n')
    const none = await fetch(`${origin}/reality/events`)
    expect(none.status).toBe(400)
    const post = await fetch(`${origin}/reality/events?key=a`, { method: 'POST' })
    expect(post.status).toBe(405)
  })
})
