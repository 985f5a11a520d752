import { ERROR_CODES } from '@rootlodge/reality/types'
import express from 'express'
import { describe, expect, it } from 'vitest'
import { createExpressAdapter, createExpressMiddleware, createRealityServer, type RealityServer } from '../../src'
import { errorBody, send } from '../support/http'
import { listenPerTest } from '../support/listen'

/* Express 5 as the seeds mount it: one route with the adapter, or the middleware under a path. */
describe('Express 5', () => {
  const start = listenPerTest()

  const withKey = async (): Promise<{ server: RealityServer; version: number }> => {
    const server = createRealityServer({ serverId: 'express' })
    const { version } = await server.updateNode('chat:room:general', 'abc123')
    return { server, version }
  }

  describe.each([
    { parser: 'without express.json()', json: false },
    { parser: 'after express.json()', json: true },
  ])("app.post('/reality/sync', createExpressAdapter(server)) $parser", ({ json }) => {
    const app = async () => {
      const { server, version } = await withKey()
      const app = express()
      if (json) app.use(express.json())
      app.post('/reality/sync', createExpressAdapter(server))
      return { origin: await start(app), version }
    }

    it('answers a sync', async () => {
      const { origin, version } = await app()
      const reply = await send(`${origin}/reality/sync`, { body: { known: { 'chat:room:general': 0, other: 0 } } })
      expect(reply.status).toBe(200)
      expect((reply.body as { changed: object }).changed).toEqual({
        'chat:room:general': {
          key: 'chat:room:general',
          version,
          hash: 'abc123',
          updatedAt: expect.any(Number),
          source: 'express',
        },
      })
    })

    it('answers 400 naming the field of a schema violation', async () => {
      const { origin } = await app()
      const reply = await send(`${origin}/reality/sync`, { body: { known: { a: -1 } } })
      expect(reply.status).toBe(400)
      expect(reply.body).toMatchObject({ ...errorBody(ERROR_CODES.invalidRequest), issues: [{ path: 'known.a' }] })
    })

    it('answers 415 to a body sent as text/plain (a cross-site simple request), parsed or not', async () => {
      const { origin } = await app()
      const reply = await send(`${origin}/reality/sync`, {
        body: '{"known":{"chat:room:general":0}}',
        headers: { 'content-type': 'text/plain' },
      })
      expect(reply.status).toBe(415)
      expect(reply.body).toMatchObject(errorBody(ERROR_CODES.unsupportedMediaType))
    })
  })

  describe.each([
    { parser: 'without express.json()', json: false },
    { parser: 'after express.json()', json: true },
  ])("app.use('/reality', createExpressMiddleware(server)) $parser", ({ json }) => {
    const app = async () => {
      const { server, version } = await withKey()
      const app = express()
      if (json) app.use(express.json())
      app.use('/reality', createExpressMiddleware(server))
      // Reached only when the middleware passes a request on.
      app.use((_req, res) => {
        res.status(418).json({ fellThrough: true })
      })
      return { origin: await start(app), version }
    }

    it('serves sync and health', async () => {
      const { origin, version } = await app()
      const sync = await send(`${origin}/reality/sync`, { body: { known: { 'chat:room:general': version - 1 } } })
      expect(sync.status).toBe(200)
      expect((sync.body as { changed: Record<string, { version: number }> }).changed['chat:room:general'].version).toBe(
        version,
      )
      const health = await send(`${origin}/reality/health`, { method: 'GET' })
      expect(health.status).toBe(200)
      expect(health.body).toMatchObject({ status: 'ok', serverId: 'express', storage: true })
    })

    it('passes an unknown sub-path and other mounts on to next()', async () => {
      const { origin } = await app()
      for (const path of ['/reality/elsewhere', '/reality', '/api/posts']) {
        const reply = await send(`${origin}${path}`, { body: { known: {} } })
        expect(reply.status).toBe(418)
        expect(reply.body).toEqual({ fellThrough: true })
      }
    })
  })
})
