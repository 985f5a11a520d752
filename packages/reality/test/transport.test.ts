import { waitFor } from '@reality-internal/test-utils'
import { createRealityClient, RealityError, type RealityOptions } from '@rootlodge/reality'
import { createNodeHandler, createRealityServer, MemoryStorage } from '@rootlodge/reality-server'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { manualManagers } from './support/managers'
import { ManualTimers } from './support/manual-timers'
import { serve, startRealityServer, type TestServer } from './support/reality-server'
import { recordingTimers } from './support/recording-timers'

/*
 * The HTTP transport over real sockets: failover between two real RealityServers (one stopped), blacklist expiry,
 * timeouts, Retry-After, backoff, and malformed responses. Odd servers (hanging, 429, garbage) are tiny node:http
 * servers; the Reality servers are the real thing.
 */

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const client = (options: RealityOptions) => {
  const c = createRealityClient({ managers: manualManagers(), ...options })
  cleanups.push(() => c.destroy())
  return c
}
const reality = async (id: string, storage = new MemoryStorage()): Promise<TestServer> => {
  const s = await startRealityServer(id, storage)
  cleanups.push(() => s.stop())
  return s
}
const tiny = async (answer: (count: number) => { status: number; body: string; headers?: Record<string, string> }) => {
  let count = 0
  const http = await serve((req, res) => {
    req.resume()
    req.on('end', () => {
      const { status, body, headers } = answer(++count)
      res.writeHead(status, { 'content-type': 'application/json', ...headers })
      res.end(body)
    })
  })
  cleanups.push(http.close)
  return { url: http.url, count: () => count }
}
const OK = JSON.stringify({ changed: {}, mesh: { peers: [], serverVersion: 0 }, serverTime: 1 })

describe('failover and blacklist', () => {
  it('fails over to the second server when the first is stopped, and returns to it when its blacklist expires', async () => {
    const storage = new MemoryStorage()
    const a = await reality('a', storage)
    const b = await reality('b', storage)
    await a.stop()
    const clock = recordingTimers()
    const c = client({
      servers: [a.url, b.url],
      blacklistDuration: 60_000,
      managers: { ...manualManagers(), timers: clock.timers },
    })
    let fetches = 0
    c.subscribe('posts', () => {}, { fetcher: async () => ++fetches })
    await c.syncKeys([])
    expect(c.getState('posts')).toMatchObject({ status: 'idle', error: null, data: 1 })
    expect(b.requests).toHaveLength(1)
    expect(clock.delays.filter((ms) => ms !== 10_000)).toEqual([]) // straight to the next server, no backoff

    await a.restart()
    await b.reality.updateNode('posts', 'h1')
    await c.syncAll()
    expect(c.getState('posts').data).toBe(2)
    expect(a.requests).toHaveLength(0) // still blacklisted
    expect(b.requests).toHaveLength(2)

    clock.skip(60_001)
    await c.syncAll()
    expect(a.requests).toHaveLength(1) // first server preferred again
    expect(b.requests).toHaveLength(2)
  })

  it('reports a network error on the keys when every server is down, and recovers on a later sync', async () => {
    const a = await reality('a')
    await a.stop()
    const c = client({ servers: [a.url], maxRetries: 1, retryBaseDelay: 10 })
    c.subscribe('k', () => {})
    await c.syncKeys([])
    const error = c.getState('k').error
    expect(error).toBeInstanceOf(RealityError)
    expect((error as RealityError).code).toBe('network')
    expect(c.getState('k').status).toBe('error')
    await a.restart()
    await c.syncAll()
    expect(c.getState('k')).toMatchObject({ error: null, status: 'idle' })
  })
})

describe('timeout', () => {
  it('aborts a request that takes longer than `timeout` and tries the next server', async () => {
    let hung = 0
    const hang = await serve(() => {
      hung++ // accepts, never answers
    })
    cleanups.push(hang.close)
    const good = await reality('good')
    // The timeout runs on a clock the test moves once the request has reached the hanging server.
    const timedOut = async (options: RealityOptions, requests: number) => {
      const clock = new ManualTimers()
      const c = client({ ...options, timeout: 150, managers: { ...manualManagers(), timers: clock } })
      c.subscribe('k', () => {})
      const done = c.syncKeys([])
      await waitFor(() => hung === requests, { message: 'the request to reach the hanging server' })
      expect(clock.delays).toContain(150)
      clock.advance(150)
      await done
      return c
    }
    const alone = await timedOut({ servers: [hang.url], maxRetries: 0 }, 1)
    expect((alone.getState('k').error as RealityError).code).toBe('timeout')

    const pair = await timedOut({ servers: [hang.url, good.url], maxRetries: 1 }, 2)
    expect(pair.getState('k')).toMatchObject({ error: null, status: 'idle' })
    expect(good.requests).toHaveLength(1)
  })
})

describe('Retry-After and backoff', () => {
  it('waits for the Retry-After of a 503 before calling that server again', async () => {
    const storage = new MemoryStorage()
    let down = true
    const getNodes = storage.getNodes.bind(storage)
    storage.getNodes = (keys) => (down ? Promise.reject(new Error('disk on fire')) : getNodes(keys))
    const s = await reality('flaky', storage)
    const clock = new ManualTimers()
    const c = client({
      servers: [s.url],
      maxRetries: 1,
      timeout: 7_000,
      managers: { ...manualManagers(), timers: clock },
    })
    c.subscribe('k', () => {})
    const done = c.syncKeys([])
    // The sentinel: the 503 came back and the client parked its retry on the clock, which only the test moves.
    await waitFor(() => clock.delays.some((ms) => ms !== 7_000), { message: 'the retry to be scheduled' })
    expect(s.requests).toHaveLength(1)
    const waits = clock.delays.filter((ms) => ms !== 7_000)
    expect(waits).toHaveLength(1)
    expect(waits[0]).toBeGreaterThanOrEqual(1_000) // the server sent Retry-After: 1
    down = false
    clock.advance(waits[0])
    await done
    expect(c.getState('k')).toMatchObject({ error: null, status: 'idle' })
    expect(s.requests).toHaveLength(2)
  })

  it('does not call a server before its 429 Retry-After has passed', async () => {
    const limited = await tiny(() => ({
      status: 429,
      body: '{"error":"rate_limited","message":"slow down"}',
      headers: { 'retry-after': '3600' },
    }))
    const c = client({ servers: [limited.url], maxRetries: 3 })
    c.subscribe('k', () => {})
    await c.syncKeys([])
    const error = c.getState('k').error as RealityError
    expect(error).toMatchObject({ code: 'http', status: 429, retryAfter: 3_600_000 })
    expect(error.message).toContain('slow down')
    await c.syncAll()
    expect(limited.count()).toBe(1) // the second sync did not even try
  })

  it("waits for the Retry-After of a real server's 429 (its rateLimit option) before calling it again", async () => {
    // The limiter's windows follow the wall clock: frozen 1 s into a window, the 429 always says Retry-After: 10 (never
    // the timeout's 7 s, and never a window boundary between the two requests).
    vi.useFakeTimers({ toFake: ['Date'], now: Math.ceil(Date.now() / 10_000) * 10_000 + 1_000 })
    cleanups.push(() => {
      vi.useRealTimers()
    })
    const server = createRealityServer({ serverId: 'limited', rateLimit: { windowMs: 10_000, maxRequests: 1 } })
    const handler = createNodeHandler(server)
    const answered: { status: number; retryAfter: string | undefined }[] = []
    const http = await serve((req, res) => {
      // What the handler writes, as it writes it: status and Retry-After go out in one writeHead.
      const writeHead = res.writeHead.bind(res)
      res.writeHead = ((status: number, headers: Record<string, string>) => {
        answered.push({ status, retryAfter: headers['retry-after'] })
        return writeHead(status, headers)
      }) as typeof res.writeHead
      void handler(req, res)
    })
    cleanups.push(http.close)
    const clock = new ManualTimers()
    const c = client({
      servers: [http.url],
      maxRetries: 1,
      timeout: 7_000,
      managers: { ...manualManagers(), timers: clock },
    })
    c.subscribe('k', () => {})
    await c.syncKeys([])
    expect(answered.map((a) => a.status)).toEqual([200])
    const done = c.syncKeys(['k'])
    // The sentinel: the 429 came back and the client parked its retry on the clock, which only the test moves.
    await waitFor(() => clock.delays.some((ms) => ms !== 7_000), { message: 'the retry to be scheduled' })
    expect(answered.map((a) => a.status)).toEqual([200, 429])
    const waits = clock.delays.filter((ms) => ms !== 7_000)
    expect(waits).toHaveLength(1)
    expect(answered[1].retryAfter).toBe('10')
    expect(waits[0]).toBeGreaterThanOrEqual(10_000)
    clock.advance(waits[0])
    await done
    expect(answered).toHaveLength(3) // called again only once the wait was over
  })

  it('retries 5xx with exponential backoff and jitter, up to maxRetries', async () => {
    const broken = await tiny(() => ({ status: 500, body: '{"error":"internal_error","message":"boom"}' }))
    const clock = recordingTimers()
    const c = client({
      servers: [broken.url],
      maxRetries: 3,
      retryBaseDelay: 20,
      timeout: 7_000,
      managers: { ...manualManagers(), timers: clock.timers },
    })
    c.subscribe('k', () => {})
    await c.syncKeys([])
    expect(broken.count()).toBe(4)
    const waits = clock.delays.filter((ms) => ms !== 7_000)
    expect(waits).toHaveLength(3)
    waits.forEach((ms, k) => {
      expect(ms).toBeGreaterThanOrEqual((20 * 2 ** k) / 2)
      expect(ms).toBeLessThanOrEqual(20 * 2 ** k)
    })
    expect(c.getState('k').error).toMatchObject({ code: 'http', status: 500 })
  })

  it('does not retry a 400', async () => {
    const strict = await tiny(() => ({ status: 400, body: '{"error":"invalid_request","message":"bad known"}' }))
    const c = client({ servers: [strict.url], maxRetries: 3 })
    c.subscribe('k', () => {})
    await c.syncKeys([])
    expect(strict.count()).toBe(1)
    expect(c.getState('k').error?.message).toContain('bad known')
  })
})

describe('malformed responses', () => {
  it('puts an invalid_response error on the keys of the request, without crashing, then recovers', async () => {
    let body = '{"changed": 5}'
    const odd = await tiny(() => ({ status: 200, body }))
    const c = client({ servers: [odd.url], maxRetries: 0 })
    c.subscribe('a', () => {})
    c.subscribe('b', () => {})
    await c.syncKeys([])
    for (const key of ['a', 'b']) expect(c.getState(key).error).toMatchObject({ code: 'invalid_response' })
    body = '<html>proxy error</html>'
    await c.syncAll()
    expect(c.getState('a').error).toMatchObject({ code: 'invalid_response' })
    body = OK
    await c.syncAll()
    expect(c.getState('a')).toMatchObject({ error: null, status: 'idle' })
  })
})

describe('request headers and credentials', () => {
  const recording = async () => {
    const seen: (string | undefined)[] = []
    const http = await serve((req, res) => {
      seen.push(req.headers.authorization)
      req.resume()
      req.on('end', () => {
        // The first request is refused with Retry-After: 0, so the client retries at once.
        const status = seen.length === 1 ? 503 : 200
        res.writeHead(status, { 'content-type': 'application/json', 'retry-after': '0' })
        res.end(status === 200 ? OK : '{"error":"storage_unavailable"}')
      })
    })
    cleanups.push(http.close)
    return { url: http.url, seen }
  }

  it('calls a headers function before every attempt, so a retry carries the newest token', async () => {
    const server = await recording()
    let calls = 0
    const c = client({ servers: [server.url], headers: async () => ({ authorization: `Bearer t${++calls}` }) })
    c.subscribe('k', () => {})
    await c.syncKeys([])
    expect(server.seen).toEqual(['Bearer t1', 'Bearer t2'])
  })

  it('passes `credentials` to fetch, and leaves fetch its default without it', async () => {
    const server = await recording()
    const given: (RequestCredentials | undefined)[] = []
    const fetchRecording: typeof fetch = (input, init) => {
      given.push(init?.credentials)
      return fetch(input, init)
    }
    const withCredentials = client({ servers: [server.url], fetch: fetchRecording, credentials: 'include' })
    withCredentials.subscribe('k', () => {})
    await withCredentials.syncKeys([])
    const plain = client({ servers: [server.url], fetch: fetchRecording })
    plain.subscribe('k', () => {})
    await plain.syncKeys([])
    expect(given).toEqual(['include', 'include', undefined])
  })
})
