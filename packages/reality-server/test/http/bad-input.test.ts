import { ERROR_CODES, MAX_ECHOED_SEGMENT, MAX_KEY_LENGTH } from '@rootlodge/reality/types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRealityServer, DEFAULT_LIMITS, type RealityServer } from '../../src'
import { abortMidBody, errorBody, expectServing, send, sendChunked } from '../support/http'
import { SwitchableStorage } from '../support/switchable-storage'
import { type Served, TRANSPORTS } from '../support/transports'

/*
 * Every client mistake over real HTTP, for each way of serving a RealityServer: a JSON error
 * with the right status, never a 500, and the server answers the next good request.
 */
describe.each(TRANSPORTS)('bad input over $name', (transport) => {
  let storage: SwitchableStorage
  let server: RealityServer
  const failures: unknown[] = []
  let served: Served
  let sync: string

  beforeAll(async () => {
    storage = new SwitchableStorage()
    // cache: false answers from the storage itself, so an outage shows at once (the cached case is below).
    server = createRealityServer(
      { serverId: 'bad-input', cache: false, onError: (error) => failures.push(error) },
      storage,
    )
    served = await transport.serve(server)
    sync = `${served.base}/sync`
  })
  afterAll(() => served.close())

  it('answers 400 invalid_json to a body that is not JSON, or empty', async () => {
    for (const body of ['{"known":', 'known=1', '']) {
      const reply = await send(sync, { body })
      expect(reply.status).toBe(400)
      expect(reply.headers.get('content-type')).toMatch(/^application\/json/)
      expect(reply.body).toMatchObject(errorBody(ERROR_CODES.invalidJson))
    }
    await expectServing(served.base)
  })

  it.each([
    { body: { known: { a: -1 } }, path: 'known.a' },
    { body: { known: { a: 1.5 } }, path: 'known.a' },
    { body: { known: { a: '3' } }, path: 'known.a' },
    { body: { known: {}, mode: 'turbo' }, path: 'mode' },
    { body: { known: {}, hint: 'bored' }, path: 'hint' },
    { body: { known: {}, clientId: 7 }, path: 'clientId' },
    { body: { known: [] }, path: 'known' },
    { body: {}, path: 'known' },
    { body: null, path: '(root)' },
  ])('answers 400 naming $path for $body', async ({ body, path }) => {
    const reply = await send(sync, { body: JSON.stringify(body) })
    expect(reply.status).toBe(400)
    expect(reply.body).toMatchObject(errorBody(ERROR_CODES.invalidRequest))
    const { issues, message } = reply.body as { issues: { path: string }[]; message: string }
    expect(issues.map((issue) => issue.path)).toContain(path)
    expect(message).toContain(path)
    await expectServing(served.base)
  })

  it('answers 400 to an empty key and to a key longer than the limit, and accepts the longest key', async () => {
    for (const key of ['', 'k'.repeat(MAX_KEY_LENGTH + 1)]) {
      const reply = await send(sync, { body: { known: { [key]: 0 } } })
      expect(reply.status).toBe(400)
      // A long key is echoed cut to its first MAX_ECHOED_SEGMENT characters.
      const echoed = key.length > MAX_ECHOED_SEGMENT ? `${key.slice(0, MAX_ECHOED_SEGMENT)}…` : key
      expect((reply.body as { issues: { path: string }[] }).issues).toEqual([
        { path: `known.${echoed}`, message: expect.any(String) },
      ])
    }
    const longest = 'k'.repeat(MAX_KEY_LENGTH)
    await server.invalidate(longest)
    const reply = await send(sync, { body: { known: { [longest]: 0 } } })
    expect(reply.status).toBe(200)
    expect(Object.keys((reply.body as { changed: object }).changed)).toEqual([longest])
  })

  it('answers 413 body_too_large to a body over the default limit, with and without Content-Length', async () => {
    const over = `{"known":{"pad":0},"clientId":"${'x'.repeat(DEFAULT_LIMITS.maxBodyBytes)}"}`
    const declared = await send(sync, { body: over })
    expect(declared.status).toBe(413)
    expect(declared.body).toMatchObject(errorBody(ERROR_CODES.bodyTooLarge))

    const chunks = Array.from({ length: 5 }, (_, i) => (i === 0 ? over.slice(0, 65_536) : 'x'.repeat(65_536)))
    const chunked = await sendChunked(sync, chunks)
    expect(chunked.status).toBe(413)
    expect(JSON.parse(chunked.text)).toMatchObject(errorBody(ERROR_CODES.bodyTooLarge))
    await expectServing(served.base)
  })

  it('answers 413 too_many_keys to more keys than the limit', async () => {
    const known = Object.fromEntries(
      Array.from({ length: DEFAULT_LIMITS.maxKeysPerRequest + 1 }, (_, i) => [`k${i}`, 0]),
    )
    const reply = await send(sync, { body: { known } })
    expect(reply.status).toBe(413)
    expect(reply.body).toMatchObject(errorBody(ERROR_CODES.tooManyKeys))
    delete known.k0
    expect((await send(sync, { body: { known } })).status).toBe(200)
  })

  it('answers 405 with Allow to a wrong method', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const reply = await send(sync, { method })
      expect(reply.status).toBe(405)
      expect(reply.headers.get('allow')).toBe('POST, GET, HEAD, OPTIONS')
      expect(reply.body).toMatchObject(errorBody(ERROR_CODES.methodNotAllowed))
    }
    const health = await send(`${served.base}/health`, { method: 'POST', body: {} })
    expect(health.status).toBe(405)
    expect(health.headers.get('allow')).toBe('GET, HEAD, OPTIONS')
    await expectServing(served.base)
  })

  it('answers 404 to an unknown route', async () => {
    for (const path of ['/reality/syncing', '/reality/', '/elsewhere/sync']) {
      const reply = await send(`${served.origin}${path}`, { body: { known: {} } })
      expect(reply.status).toBe(404)
      if (transport.jsonNotFound) expect(reply.body).toMatchObject(errorBody(ERROR_CODES.notFound))
    }
    await expectServing(served.base)
  })

  it('shrugs off a client that hangs up mid-body: no server error reported', async () => {
    await abortMidBody(sync)
    await expectServing(served.base)
    expect(failures).toEqual([])
    expect((await server.getStats()).errors).toBe(0)
  })

  it('answers 503 with Retry-After while the storage fails, and 200 once it is back', async () => {
    storage.down = true
    try {
      const reply = await send(sync, { body: { known: { a: 0 } } })
      expect(reply.status).toBe(503)
      expect(reply.headers.get('retry-after')).toBe('1')
      expect(reply.body).toMatchObject(errorBody(ERROR_CODES.storageUnavailable))
    } finally {
      storage.down = false
    }
    await expectServing(served.base)
  })

  it('treats "__proto__" and "constructor" as two ordinary keys and touches no prototype', async () => {
    const raw = '{"known":{"__proto__":1,"constructor":2}}'
    const before = await send(sync, { body: raw })
    expect(before.status).toBe(200)
    expect(Object.keys((before.body as { changed: object }).changed)).toEqual([])

    const proto = await server.updateNode('__proto__', 'h')
    const after = await send(sync, { body: '{"known":{"__proto__":0,"constructor":2}}' })
    expect(after.status).toBe(200)
    // JSON.parse keeps "__proto__" as an own property, so this reads the key, not the prototype.
    const changed = (after.body as { changed: Record<string, unknown> }).changed
    expect(Object.keys(changed)).toEqual(['__proto__'])
    expect(Object.getOwnPropertyDescriptor(changed, '__proto__')?.value).toMatchObject({
      key: '__proto__',
      version: proto.version,
      hash: 'h',
    })
    expect(after.text).toContain('"__proto__":{"key":"__proto__"')

    const ctor = await server.invalidate('constructor')
    const both = await send(sync, { body: raw })
    expect(Object.keys((both.body as { changed: object }).changed).sort()).toEqual(['__proto__', 'constructor'])
    expect(ctor.version).toBeGreaterThan(proto.version)

    // The server runs in this process: a polluted prototype would show here.
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('key')
    expect(({} as Record<string, unknown>).hash).toBeUndefined()
    expect(Object.getPrototypeOf({})).toBe(Object.prototype)
    expect({}.constructor).toBe(Object)
    await expectServing(served.base)
  })
})

describe('storage outage behind the read cache (the default for storages other than memory)', () => {
  it('answers 503 with Retry-After once the cache has to catch up, and 200 again after the outage', async () => {
    const storage = new SwitchableStorage()
    const server = createRealityServer({ serverId: 'cached', refreshInterval: 50 }, storage)
    const served = await TRANSPORTS[0].serve(server)
    const sync = `${served.base}/sync`
    try {
      await server.invalidate('posts')
      expect((await send(sync, { body: { known: { posts: 0 } } })).status).toBe(200)
      storage.down = true
      // Within refreshInterval the cache may still answer; after it, every sync needs the storage.
      let reply = await send(sync, { body: { known: { posts: 0 } } })
      for (let i = 0; i < 200 && reply.status === 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 25))
        reply = await send(sync, { body: { known: { posts: 0 } } })
      }
      expect(reply.status).toBe(503)
      expect(reply.headers.get('retry-after')).toBe('1')
      expect(reply.body).toMatchObject(errorBody(ERROR_CODES.storageUnavailable))
      storage.down = false
      const back = await send(sync, { body: { known: { posts: 0 } } })
      expect(back.status).toBe(200)
      expect(Object.keys((back.body as { changed: object }).changed)).toEqual(['posts'])
    } finally {
      storage.down = false
      await served.close()
    }
  })
})
