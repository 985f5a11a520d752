import { afterEach, describe, expect, it } from 'vitest'
import { createRealityServer, type RealityServerOptions } from '../../src'
import { send } from '../support/http'
import { type Served, TRANSPORTS } from '../support/transports'

const APP = 'https://app.example'
const OTHER = 'https://evil.example'

/* Browser preflights and responses under the `cors` option, for the node:http and fetch paths. */
describe.each(TRANSPORTS.slice(0, 2))('CORS over $name', (transport) => {
  const open: Served[] = []
  afterEach(async () => {
    await Promise.all(open.splice(0).map((served) => served.close()))
  })

  const start = async (cors: RealityServerOptions['cors']): Promise<string> => {
    const served = await transport.serve(createRealityServer({ serverId: 'cors', cors }))
    open.push(served)
    return `${served.base}/sync`
  }

  const preflight = (url: string, origin: string) =>
    send(url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    })

  it('allows a listed origin, on the preflight and on the sync itself', async () => {
    const url = await start({ origins: [APP] })
    const reply = await preflight(url, APP)
    expect(reply.status).toBe(204)
    expect(reply.headers.get('access-control-allow-origin')).toBe(APP)
    expect(reply.headers.get('access-control-allow-methods')).toContain('POST')
    expect(reply.headers.get('access-control-allow-headers')).toContain('content-type')
    expect(reply.headers.get('access-control-allow-credentials')).toBeNull()
    expect(reply.headers.get('vary')).toContain('Origin')

    const sync = await send(url, { body: { known: {} }, headers: { origin: APP } })
    expect(sync.status).toBe(200)
    expect(sync.headers.get('access-control-allow-origin')).toBe(APP)
    // The client reads Retry-After of a 429 or 503: exposed to the page.
    expect(sync.headers.get('access-control-expose-headers')).toBe('retry-after')
  })

  it('allows the custom request headers listed in `allowHeaders`, next to the base ones', async () => {
    const url = await start({ origins: [APP], allowHeaders: ['X-Tenant', 'x-request-id'] })
    const allowed = (await preflight(url, APP)).headers.get('access-control-allow-headers')?.split(', ')
    expect(allowed).toEqual(['content-type', 'authorization', 'last-event-id', 'x-tenant', 'x-request-id'])
  })

  it('exposes Retry-After on answers, so a cross-origin client can read it on a 429 or 503', async () => {
    const url = await start({ origins: [APP] })
    const sync = await send(url, { body: { known: {} }, headers: { origin: APP } })
    expect(sync.headers.get('access-control-expose-headers')).toBe('retry-after')
    expect((await preflight(url, APP)).headers.get('access-control-expose-headers')).toBeNull()
  })

  it('gives an origin that is not listed no CORS headers', async () => {
    const url = await start({ origins: [APP] })
    const reply = await preflight(url, OTHER)
    expect(reply.headers.get('access-control-allow-origin')).toBeNull()
    expect(reply.headers.get('access-control-allow-methods')).toBeNull()
    const sync = await send(url, { body: { known: {} }, headers: { origin: OTHER } })
    expect(sync.status).toBe(200)
    expect(sync.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('echoes a listed origin, never *, when credentials are allowed', async () => {
    const url = await start({ origins: [APP], credentials: true })
    const reply = await preflight(url, APP)
    expect(reply.headers.get('access-control-allow-origin')).toBe(APP)
    expect(reply.headers.get('access-control-allow-credentials')).toBe('true')
    const sync = await send(url, { body: { known: {} }, headers: { origin: APP } })
    expect(sync.headers.get('access-control-allow-origin')).toBe(APP)
    expect(sync.headers.get('access-control-allow-credentials')).toBe('true')
  })

  it('never grants the `null` origin of sandboxed frames, whatever the settings', async () => {
    for (const cors of [true, { origins: ['*'] }, { origins: ['null', APP], credentials: true }]) {
      const url = await start(cors)
      const reply = await preflight(url, 'null')
      expect(reply.headers.get('access-control-allow-origin')).toBeNull()
      expect(reply.headers.get('access-control-allow-credentials')).toBeNull()
      const sync = await send(url, { body: { known: {} }, headers: { origin: 'null' } })
      expect(sync.headers.get('access-control-allow-origin')).toBeNull()
    }
  })

  it('allows any origin with `cors: true`, and sends no CORS headers without the option', async () => {
    const open = await start(true)
    expect((await preflight(open, OTHER)).headers.get('access-control-allow-origin')).toBe('*')
    const closed = await start(undefined)
    expect((await preflight(closed, APP)).headers.get('access-control-allow-origin')).toBeNull()
  })

  it('adds CORS headers to error answers too, so the browser can read them', async () => {
    const url = await start({ origins: [APP] })
    const reply = await send(url, { body: 'not json', headers: { origin: APP } })
    expect(reply.status).toBe(400)
    expect(reply.headers.get('access-control-allow-origin')).toBe(APP)
  })
})

describe('CORS with credentials', () => {
  it.each([{ credentials: true }, { origins: ['*'], credentials: true }, { origins: [APP, '*'], credentials: true }])(
    'refuses %j when the server is built, saying to list the origins',
    (cors) => {
      expect(() => createRealityServer({ cors })).toThrow(/credentials: true \} needs an explicit list of origins/)
    },
  )
})
