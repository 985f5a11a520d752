import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFetchHandler, createHonoMiddleware, MemoryStorage, RealityServer } from '../../../src'
import { send } from '../../support/http'
import { type Listening, listen } from '../../support/listen'
import { ADMIN_TOKEN, BODY_LIMIT, freshKey, invalidate, itServesReality, sync } from '../support/sync-suite'

/* Hono on @hono/node-server: the seed quick start's route as written, and the middleware with fall-through. */
describe('Hono on @hono/node-server', () => {
  let listening: Listening
  let origin: string

  beforeAll(async () => {
    const app = new Hono()

    // --- seed README (000), "Server (Bun/Node.js)": its sync route, unchanged, in a Hono app ---
    const server = new RealityServer({
      storage: new MemoryStorage(),
    })

    // Add sync endpoint
    app.post('/reality/sync', createFetchHandler(server))
    // --- end ---

    // The quick start's "update node when data changes" route, in Hono's own idiom.
    const messages: string[] = []
    app.post('/api/messages', async (c) => {
      const { text } = await c.req.json<{ text: string }>()
      messages.push(text)
      await server.updateNode('chat:room:general', String(messages.length))
      return c.json({ id: messages.length, text })
    })

    const mounted = new RealityServer({
      serverId: 'hono',
      adminToken: ADMIN_TOKEN,
      limits: { maxBodyBytes: BODY_LIMIT },
    })
    app.use('/mw/reality/*', createHonoMiddleware(mounted, { prefix: '/mw/reality' }))
    app.get('/mw/reality/custom', (c) => c.text('reached the app'))

    listening = await listen(serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server)
    origin = listening.origin
  })
  afterAll(() => listening?.close())

  describe("app.post('/reality/sync', createFetchHandler(server)) (quick start)", () => {
    it('reports a message posted through the app as a change of chat:room:general', async () => {
      expect(await sync(`${origin}/reality`, { 'chat:room:general': 0 })).toEqual({})
      const posted = await send(`${origin}/api/messages`, { body: { text: 'Hello!' } })
      expect(posted).toMatchObject({ status: 200, body: { id: 1, text: 'Hello!' } })
      const changed = await sync(`${origin}/reality`, { 'chat:room:general': 0 })
      expect(changed['chat:room:general']).toMatchObject({ key: 'chat:room:general', hash: '1' })
    })

    it('answers our JSON errors through Hono', async () => {
      const bad = await send(`${origin}/reality/sync`, { body: '{"known":' })
      expect(bad).toMatchObject({ status: 400, body: { error: 'invalid_json' } })
    })
  })

  describe("app.use('/mw/reality/*', createHonoMiddleware(server, { prefix }))", () => {
    itServesReality(() => ({ base: `${origin}/mw/reality` }))

    it('passes paths outside its routes on to the app', async () => {
      const reply = await send(`${origin}/mw/reality/custom`, { method: 'GET' })
      expect(reply).toMatchObject({ status: 200, text: 'reached the app' })
      const key = freshKey('hono')
      await invalidate(`${origin}/mw/reality`, [key])
      expect(Object.keys(await sync(`${origin}/mw/reality`, { [key]: 0 }))).toEqual([key])
    })
  })
})
