import { ERROR_CODES } from '@rootlodge/reality/types'
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest'
import { createNodeHandler, createRealityServer, RateLimiter, type RealityServerOptions } from '../../src'
import { errorBody, send } from '../support/http'
import { listenPerTest } from '../support/listen'
import { TRANSPORTS } from '../support/transports'

/*
 * The `rateLimit` server option, over real HTTP through the node:http handler: every request
 * here comes from 127.0.0.1, so clients are told apart by the clientId of their sync bodies.
 */

const ADMIN = 'rate-limit-admin-token'

describe('the rateLimit server option', () => {
  // The limiter's windows follow the wall clock: frozen 1 s into a window, no test straddles two windows.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: Math.ceil(Date.now() / 600_000) * 600_000 + 1_000 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })
  const start = listenPerTest()
  const serve = async (options: RealityServerOptions): Promise<string> =>
    `${await start(createNodeHandler(createRealityServer({ serverId: 'limited', ...options })))}/reality`

  it('answers a client over its budget with 429 and Retry-After, and leaves another client alone', async () => {
    const base = await serve({ rateLimit: { windowMs: 600_000, maxRequests: 100, maxRequestsPerIp: 10_000 } })
    const statuses: number[] = []
    let refused: Awaited<ReturnType<typeof send>> | undefined
    for (let i = 0; i < 200; i++) {
      const reply = await send(`${base}/sync`, { body: { known: { a: 0 }, clientId: 'greedy' } })
      statuses.push(reply.status)
      if (reply.status === 429) refused = reply
    }
    expect(statuses.slice(0, 100)).toEqual(Array(100).fill(200))
    expect(statuses.slice(100)).toEqual(Array(100).fill(429))
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(refused?.headers.get('content-type')).toMatch(/^application\/json/)
    expect(refused?.body).toMatchObject(errorBody(ERROR_CODES.rateLimited))

    const other = await send(`${base}/sync`, { body: { known: { a: 0 }, clientId: 'polite' } })
    expect(other.status).toBe(200)
  })

  it.each(TRANSPORTS.slice(0, 2))('counts the address before reading the body, over the $name', async (transport) => {
    const served = await transport.serve(
      createRealityServer({ serverId: 'limited', rateLimit: { windowMs: 600_000, maxRequests: 3 } }),
    )
    onTestFinished(() => served.close())
    const base = served.base
    const replies = []
    for (let i = 0; i < 4; i++)
      replies.push(await send(`${base}/sync`, { body: { known: {}, clientId: `forged-${i}` } }))
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200, 429])
    // Not even parsed: a body that is not JSON gets the 429, not a 400.
    expect((await send(`${base}/sync`, { body: '{"known":' })).status).toBe(429)
    expect((await send(`${base}/health`, { method: 'GET' })).status).toBe(429)
    expect((await send(`${base}/sync`, { method: 'OPTIONS' })).status).toBe(204)
  })

  it('exempts invalidate calls carrying the admin token, and only those', async () => {
    const limiter = new RateLimiter({ windowMs: 600_000, maxRequests: 1 })
    const base = await serve({ rateLimit: limiter, adminToken: ADMIN })
    expect((await send(`${base}/sync`, { body: { known: {} } })).status).toBe(200)
    expect((await send(`${base}/sync`, { body: { known: {} } })).status).toBe(429)
    const invalidate = (token: string) =>
      send(`${base}/invalidate`, { body: { key: 'k' }, headers: { authorization: `Bearer ${token}` } })
    for (let i = 0; i < 3; i++) expect((await invalidate(ADMIN)).status).toBe(200)
    expect((await invalidate('not-the-admin-token')).status).toBe(429)
  })
})
