import { ERROR_CODES, PROTOCOL_VERSION } from '@rootlodge/reality/types'
import { describe, expect, it } from 'vitest'
import { createFetchHandler, createRealityServer, MemoryStorage } from '../../src'

/*
 * The fetch handler answering `Request` objects directly, no socket and no port: what Bun, Deno,
 * Workers and Next.js hand it, checked route by route.
 */

const ORIGIN = 'http://reality.test'
const TOKEN = 'fetch-request-token'

const setup = () => {
  const server = createRealityServer(
    { serverId: 'fetch', adminToken: TOKEN, cors: { origins: ['https://app.test'] }, limits: { maxBodyBytes: 1024 } },
    new MemoryStorage(),
  )
  return { server, handle: createFetchHandler(server, { prefix: '/reality' }) }
}

const post = (path: string, body: string, headers: Record<string, string> = {}): Request =>
  new Request(`${ORIGIN}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } })

const errorBody = (code: string) => ({ error: code, message: expect.any(String) })

describe('createFetchHandler answers a Request with a Response', () => {
  it('POST /sync answers the changed keys', async () => {
    const { server, handle } = setup()
    const meta = await server.updateNode('room:1', 'h1')
    const response = await handle(post('/reality/sync', JSON.stringify({ known: { 'room:1': 0, other: 0 } })))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('application/json')
    const body = await response.json()
    expect(body).toMatchObject({ changed: { 'room:1': { ...meta, source: 'fetch' } }, serverTime: expect.any(Number) })
    expect(Object.keys(body.changed)).toEqual(['room:1'])
  })

  it('GET /health reports the server and its storage', async () => {
    const { handle } = setup()
    const response = await handle(new Request(`${ORIGIN}/reality/health`))
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      status: 'ok',
      serverId: 'fetch',
      storage: true,
      protocol: PROTOCOL_VERSION,
    })
  })

  it('HEAD /health answers the status without a body', async () => {
    const { handle } = setup()
    const response = await handle(new Request(`${ORIGIN}/reality/health`, { method: 'HEAD' }))
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('')
  })

  it('POST /invalidate with the admin token bumps the keys', async () => {
    const { server, handle } = setup()
    const response = await handle(
      post('/reality/invalidate', JSON.stringify({ keys: ['a', 'b'] }), { authorization: `Bearer ${TOKEN}` }),
    )
    expect(response.status).toBe(200)
    const { updated } = await response.json()
    expect(updated.map((node: { key: string }) => node.key)).toEqual(['a', 'b'])
    expect(await server.getNode('a')).toMatchObject({ key: 'a', version: updated[0].version })
  })

  it('POST /invalidate without the token, or with a wrong one, is 401 and changes nothing', async () => {
    const { server, handle } = setup()
    const missing = await handle(post('/reality/invalidate', JSON.stringify({ key: 'a' })))
    expect(missing.status).toBe(401)
    expect(missing.headers.get('www-authenticate')).toBe('Bearer')
    expect(await missing.json()).toEqual(errorBody(ERROR_CODES.unauthorized))
    const wrong = await handle(
      post('/reality/invalidate', JSON.stringify({ key: 'a' }), { authorization: 'Bearer no' }),
    )
    expect(wrong.status).toBe(401)
    expect(await server.getNode('a')).toBeNull()
  })

  it('an unknown route under the prefix, or outside it, is 404', async () => {
    const { handle } = setup()
    for (const path of ['/reality/nope', '/elsewhere/sync']) {
      const response = await handle(post(path, '{}'))
      expect(response.status).toBe(404)
      expect(await response.json()).toEqual(errorBody(ERROR_CODES.notFound))
    }
  })

  it('a method a route does not take is 405 with Allow', async () => {
    const { handle } = setup()
    const sync = await handle(new Request(`${ORIGIN}/reality/sync`, { method: 'PUT' }))
    expect(sync.status).toBe(405)
    expect(sync.headers.get('allow')).toBe('POST, GET, HEAD, OPTIONS')
    expect(await sync.json()).toEqual(errorBody(ERROR_CODES.methodNotAllowed))
    const health = await handle(post('/reality/health', '{}'))
    expect(health.status).toBe(405)
    expect(health.headers.get('allow')).toBe('GET, HEAD, OPTIONS')
  })

  it('a body that is not JSON is 400 invalid_json', async () => {
    const { handle } = setup()
    const response = await handle(post('/reality/sync', '{"known":'))
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual(errorBody(ERROR_CODES.invalidJson))
  })

  it('a body over maxBodyBytes is 413, declared or streamed without a length', async () => {
    const { handle } = setup()
    const big = JSON.stringify({ known: { [`k${'x'.repeat(2048)}`]: 0 } })
    const declared = await handle(post('/reality/sync', big))
    expect(declared.status).toBe(413)
    expect(await declared.json()).toEqual(errorBody(ERROR_CODES.bodyTooLarge))

    const bytes = new TextEncoder().encode(big)
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 256) controller.enqueue(bytes.subarray(i, i + 256))
        controller.close()
      },
    })
    const streamed = await handle(
      new Request(`${ORIGIN}/reality/sync`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit),
    )
    expect(streamed.status).toBe(413)
  })

  it('OPTIONS answers the preflight of an allowed origin with the CORS headers, and no CORS for others', async () => {
    const { handle } = setup()
    const preflight = (origin: string) =>
      handle(
        new Request(`${ORIGIN}/reality/sync`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST' },
        }),
      )
    const allowed = await preflight('https://app.test')
    expect(allowed.status).toBe(204)
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.test')
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST')
    expect(allowed.headers.get('allow')).toBe('POST, GET, HEAD, OPTIONS')
    expect(allowed.headers.get('vary')).toBe('Origin')
    const other = await preflight('https://evil.test')
    expect(other.status).toBe(204)
    expect(other.headers.get('access-control-allow-origin')).toBeNull()

    const sync = await handle(post('/reality/sync', '{"known":{}}', { origin: 'https://app.test' }))
    expect(sync.headers.get('access-control-allow-origin')).toBe('https://app.test')
  })

  it('server.getFetchHandler(prefix) serves the same routes', async () => {
    const { server } = setup()
    const handle = server.getFetchHandler('/reality')
    const health = await handle(new Request(`${ORIGIN}/reality/health`))
    expect(health.status).toBe(200)
    const sync = await handle(post('/reality/sync', '{"known":{"a":0}}'))
    expect(sync.status).toBe(200)
    expect((await sync.json()).changed).toEqual({})
  })
})
