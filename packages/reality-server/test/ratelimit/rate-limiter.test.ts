import { ERROR_CODES } from '@rootlodge/reality/types'
import express from 'express'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { createExpressAdapter, createRealityServer, RateLimiter, toRateLimiter } from '../../src'
import { errorBody, send } from '../support/http'
import { listenPerTest } from '../support/listen'

describe('RateLimiter', () => {
  const start = listenPerTest()

  it('works as the seed mounts it: the 11th sync in a second gets 429 with Retry-After', async () => {
    // The clock stands still at the start of a window, so the eleven requests share one.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Math.ceil(Date.now() / 1000) * 1000)
    onTestFinished(() => {
      vi.useRealTimers()
    })
    const server = createRealityServer({ serverId: 'limited' })
    const handler = createExpressAdapter(server)
    const app = express()
    // Pasted from the architecture document.
    const rateLimiter = new RateLimiter({
      windowMs: 1000,
      maxRequests: 10,
    })
    app.post('/reality/sync', rateLimiter.middleware, handler)
    const origin = await start(app)
    const replies = []
    for (let i = 0; i < 11; i++) replies.push(await send(`${origin}/reality/sync`, { body: { known: {} } }))
    expect(replies.slice(0, 10).map((reply) => reply.status)).toEqual(Array(10).fill(200))
    const refused = replies[10]
    expect(refused.status).toBe(429)
    expect(refused.body).toEqual(errorBody(ERROR_CODES.rateLimited))
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
  })

  it('counts a client by its clientId behind a body parser, and its address by maxRequestsPerIp', async () => {
    const server = createRealityServer({ serverId: 'limited' })
    const limiter = new RateLimiter({ windowMs: 60_000, maxRequests: 2, maxRequestsPerIp: 5 })
    const app = express()
    app.use(express.json())
    app.post('/reality/sync', limiter.middleware, createExpressAdapter(server))
    const origin = await start(app)
    const sync = (clientId: string) => send(`${origin}/reality/sync`, { body: { known: {}, clientId } })
    expect((await sync('a')).status).toBe(200)
    expect((await sync('a')).status).toBe(200)
    expect((await sync('a')).status).toBe(429)
    expect((await sync('b')).status).toBe(200)
    expect((await sync('b')).status).toBe(200)
    // The address is checked first, so it paid for a's refused third request too: five, spent.
    const refused = await sync('c')
    expect(refused.status).toBe(429)
    expect(refused.body).toEqual(errorBody(ERROR_CODES.rateLimited))
  })

  it('check(key) answers allowed or the seconds to wait, key by key', async () => {
    const limiter = new RateLimiter({ windowMs: 30_000, maxRequests: 2 })
    expect(await limiter.check('k')).toEqual({ allowed: true, remaining: 1, retryAfter: 0 })
    expect((await limiter.check('k')).allowed).toBe(true)
    const refused = await limiter.check('k')
    expect(refused.allowed).toBe(false)
    expect(refused.retryAfter).toBeGreaterThanOrEqual(1)
    expect(refused.retryAfter).toBeLessThanOrEqual(60)
    expect((await limiter.check('other')).allowed).toBe(true)
  })

  it('keys IPv6 clients by their /64 and IPv4-mapped addresses as IPv4', async () => {
    const limiter = new RateLimiter({ windowMs: 60_000, maxRequests: 1 })
    expect((await limiter.checkIp('2001:db8:1:2::10')).allowed).toBe(true)
    expect((await limiter.checkIp('2001:db8:1:2:ffff::99')).allowed).toBe(false)
    expect((await limiter.checkIp('2001:db8:1:3::10')).allowed).toBe(true)
    expect((await limiter.checkIp('198.51.100.4')).allowed).toBe(true)
    expect((await limiter.checkIp('::ffff:198.51.100.4')).allowed).toBe(false)
  })

  it('keeps its table under the cap through a flood of distinct client ids', async () => {
    const limiter = new RateLimiter({ windowMs: 60_000, maxRequests: 5, maxKeys: 1000 })
    for (let i = 0; i < 20_000; i++) await limiter.checkClient(`forged-${i}`)
    expect(limiter.size).toBeLessThanOrEqual(2000)
  })

  it('lets requests through and reports the error when its store fails', async () => {
    const errors: unknown[] = []
    const limiter = new RateLimiter({
      maxRequests: 1,
      store: { hit: () => Promise.reject(new Error('store down')) },
      onError: (error) => errors.push(error),
    })
    expect((await limiter.check('k')).allowed).toBe(true)
    expect((await limiter.check('k')).allowed).toBe(true)
    expect(errors).toHaveLength(2)
  })

  it('the rateLimit server option takes settings or a limiter to share', () => {
    const shared = new RateLimiter({ maxRequests: 3 })
    expect(toRateLimiter(shared)).toBe(shared)
    expect(toRateLimiter({ windowMs: 500 })).toMatchObject({ windowMs: 500, maxRequests: 100, maxRequestsPerIp: 100 })
    expect(toRateLimiter(undefined)).toBeUndefined()
    expect(() => new RateLimiter({ windowMs: 0 })).toThrow(RangeError)
  })
})
