import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import express from 'express'
import Fastify from 'fastify'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import {
  type AuthorizeContext,
  createExpressAdapter,
  createFastifyPlugin,
  createHonoMiddleware,
  createRealityServer,
  type RealityServerOptions,
} from '../../src'
import { send } from '../support/http'
import { listen, listenPerTest } from '../support/listen'

/*
 * The `authorize` hook over real HTTP: a denied key is answered exactly like an unknown one on the POST and GET sync
 * and on the SSE compat route, the hook sees the same context from every adapter, and a throwing hook denies all.
 */

const OWN = 'user:7:profile'
const OTHER = 'user:8:profile'
const ROOM = 'chat:room:general'

/** The worked example of docs/SECURITY.md: a user sees their own `user:${id}:` keys and every chat room. */
const byUserCookie: RealityServerOptions['authorize'] = (ctx, keys) => {
  const id = ctx.request.cookie('uid')
  return keys.filter((key) => key.startsWith('chat:room:') || (id !== undefined && key.startsWith(`user:${id}:`)))
}

const serverWith = async (options: RealityServerOptions) => {
  const server = createRealityServer({ serverId: 'auth', ...options })
  for (const key of [OWN, OTHER, ROOM]) await server.updateNode(key, `hash-of-${key}`)
  return server
}

const withoutTime = (body: unknown): string => {
  const { serverTime: _, ...rest } = body as { serverTime: number }
  return JSON.stringify(rest)
}

describe('authorize', () => {
  const start = listenPerTest()

  it('answers a denied key with the same bytes as an unknown key, on POST, GET and /events', async () => {
    const server = await serverWith({ authorize: byUserCookie })
    const { url, close } = await server.listen({ port: 0 })
    try {
      const cookie = { cookie: 'theme=dark; uid=7' }
      const post = (key: string) =>
        send(`${url}/reality/sync`, { body: { known: { [OWN]: 0, [key]: 0, [ROOM]: 0 } }, headers: cookie })
      const denied = await post(OTHER)
      const unknown = await post('user:8:never-written')
      expect(denied.status).toBe(200)
      expect(Object.keys((denied.body as { changed: object }).changed).sort()).toEqual([ROOM, OWN])
      expect(withoutTime(denied.body)).toBe(withoutTime(unknown.body))

      const get = (key: string) =>
        send(`${url}/reality/sync?keys=${encodeURIComponent(key)},${encodeURIComponent(OWN)}`, {
          method: 'GET',
          headers: cookie,
        })
      const [deniedGet, unknownGet] = [await get(OTHER), await get('user:8:never-written')]
      expect(Object.keys((deniedGet.body as { changed: object }).changed)).toEqual([OWN])
      expect(withoutTime(deniedGet.body)).toBe(withoutTime(unknownGet.body))

      const events = (key: string) =>
        fetch(`${url}/reality/events?key=${encodeURIComponent(key)}`, { headers: cookie }).then((r) => r.text())
      const deniedEvents = await events(OTHER)
      expect(deniedEvents).not.toContain('data:')
      expect(deniedEvents.replace(OTHER, 'x')).toBe(
        (await events('user:8:never-written')).replace(/user:8:[a-z-]+/, 'x'),
      )
      expect(await events(OWN)).toContain(`hash-of-${OWN}`)

      // Anonymous: only the room.
      const anonymous = await send(`${url}/reality/sync`, { body: { known: { [OWN]: 0, [ROOM]: 0 } } })
      expect(Object.keys((anonymous.body as { changed: object }).changed)).toEqual([ROOM])

      // A write to a key it may not see does not move the answer's mesh.serverVersion either.
      const serverVersion = async () =>
        (
          (await send(`${url}/reality/sync`, { body: { known: { [ROOM]: 0 } } })).body as {
            mesh: { serverVersion: number }
          }
        ).mesh.serverVersion
      const before = await serverVersion()
      await server.updateNode(OTHER, 'elsewhere')
      expect(await serverVersion()).toBe(before)
    } finally {
      await close()
    }
  })

  it('fails closed: a throwing or rejecting hook denies every key, and onError hears of it', async () => {
    const errors: unknown[] = []
    let reject = false
    const server = await serverWith({
      onError: (error) => errors.push(error),
      authorize: () => {
        if (reject) return Promise.reject(new Error('session store down'))
        throw new Error('bug in the hook')
      },
    })
    const { url, close } = await server.listen({ port: 0 })
    try {
      for (const mode of [false, true]) {
        reject = mode
        const reply = await send(`${url}/reality/sync`, { body: { known: { [ROOM]: 0, [OWN]: 0 } } })
        expect(reply.status).toBe(200)
        expect((reply.body as { changed: object }).changed).toEqual({})
      }
      expect(errors.map((e) => (e as Error).message)).toEqual(['bug in the hook', 'session store down'])
    } finally {
      await close()
    }
  })

  it('sees the request before any lookup: method, path, headers, cookies and the route', async () => {
    const seen: { ctx: AuthorizeContext; keys: readonly string[] }[] = []
    const server = await serverWith({
      authorize: (ctx, keys) => {
        seen.push({ ctx, keys })
        return keys
      },
    })
    const { url, close } = await server.listen({ port: 0 })
    try {
      await send(`${url}/reality/sync?keys=${ROOM}`, {
        method: 'GET',
        headers: { cookie: 'sid=a%20b', 'X-Tenant': 't1' },
      })
      await fetch(`${url}/reality/events?key=${ROOM}`)
      const [get, events] = seen
      expect(get.keys).toEqual([ROOM])
      expect(get.ctx.route).toBe('sync')
      expect(get.ctx.request.method).toBe('GET')
      expect(get.ctx.request.path).toBe('/reality/sync')
      expect(get.ctx.request.url).toBe(`/reality/sync?keys=${ROOM}`)
      expect(get.ctx.request.header('x-tenant')).toBe('t1')
      expect(get.ctx.request.header('X-Tenant')).toBe('t1')
      expect(get.ctx.request.cookie('sid')).toBe('a b')
      expect(get.ctx.request.cookie('none')).toBeUndefined()
      expect(events.ctx.route).toBe('events')
    } finally {
      await close()
    }
  })

  it('applies to handleSync(body, ctx) and handleSSECompat, with a context-free default for direct calls', async () => {
    const server = await serverWith({ authorize: (ctx, keys) => (ctx.user ? keys : keys.filter((k) => k === ROOM)) })
    const direct = await server.handleSync({ known: { [OWN]: 0, [ROOM]: 0 } })
    expect(Object.keys(direct.changed)).toEqual([ROOM])
    const sse = await server.handleSSECompat(new Request('http://app.test/events'), { keys: [OWN] })
    expect(await sse.text()).not.toContain('data:')
    const asUser = await server.handleSSECompat(new Request('http://app.test/events'), { keys: [OWN], user: { id: 7 } })
    expect(await asUser.text()).toContain(`hash-of-${OWN}`)
  })

  describe('hands the framework user to the hook', () => {
    const userKeys: RealityServerOptions['authorize'] = (ctx, keys) => {
      const id = (ctx.user as { id?: number } | undefined)?.id
      return keys.filter((key) => id !== undefined && key.startsWith(`user:${id}:`))
    }
    const check = async (origin: string) => {
      const reply = await send(`${origin}/reality/sync`, { body: { known: { [OWN]: 0, [OTHER]: 0 } } })
      expect(Object.keys((reply.body as { changed: object }).changed)).toEqual([OWN])
    }

    it('Express req.user', async () => {
      const server = await serverWith({ authorize: userKeys })
      const app = express()
      app.use((req, _res, next) => {
        ;(req as typeof req & { user: unknown }).user = { id: 7 }
        next()
      })
      app.post('/reality/sync', createExpressAdapter(server))
      await check(await start(app))
    })

    it('Fastify request.user', async () => {
      const server = await serverWith({ authorize: userKeys })
      const app = Fastify()
      app.decorateRequest('user', null)
      app.addHook('onRequest', async (request) => {
        ;(request as typeof request & { user: unknown }).user = { id: 7 }
      })
      await app.register(createFastifyPlugin(server), { prefix: '/reality' })
      const origin = await app.listen({ port: 0, host: '127.0.0.1' })
      try {
        await check(origin)
      } finally {
        await app.close()
      }
    })

    it("Hono c.get('user')", async () => {
      const server = await serverWith({ authorize: userKeys })
      const app = new Hono<{ Variables: { user: { id: number } } }>()
      app.use('*', async (c, next) => {
        c.set('user', { id: 7 })
        await next()
      })
      app.use('/reality/*', createHonoMiddleware(server))
      const listening = await listen(serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server)
      try {
        await check(listening.origin)
      } finally {
        await listening.close()
      }
    })
  })
})
