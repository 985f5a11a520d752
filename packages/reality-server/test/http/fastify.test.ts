import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFetchHandler, createRealityServer } from '../../src'
import { send } from '../support/http'

/* The server README's Fastify section, pasted as written, on a real Fastify 5 server. */
describe('Fastify 5 through the fetch handler (seed snippet)', () => {
  const fastify = Fastify()
  const server = createRealityServer({ serverId: 'fastify' })
  let origin: string

  beforeAll(async () => {
    // --- from the seed (003, "Fastify"), unchanged ---
    fastify.post('/reality/sync', async (request, reply) => {
      const response = await createFetchHandler(server)(
        new Request('http://localhost/reality/sync', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(request.body),
        }),
      )
      reply.status(response.status).send(await response.json())
    })
    // --- end of the seed ---
    origin = await fastify.listen({ port: 0, host: '127.0.0.1' })
  })
  afterAll(() => fastify.close())

  it('answers a sync with the changed key', async () => {
    const { version } = await server.updateNode('chat:room:general', 'abc123')
    const reply = await send(`${origin}/reality/sync`, { body: { known: { 'chat:room:general': 0, quiet: 0 } } })
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({
      changed: { 'chat:room:general': { key: 'chat:room:general', version, hash: 'abc123', source: 'fastify' } },
      mesh: { serverId: 'fastify' },
      serverTime: expect.any(Number),
    })
    expect(Object.keys((reply.body as { changed: object }).changed)).toEqual(['chat:room:general'])
  })

  it('passes our 400 through for a schema violation', async () => {
    const reply = await send(`${origin}/reality/sync`, { body: { known: { 'chat:room:general': 'five' } } })
    expect(reply.status).toBe(400)
    expect(reply.body).toMatchObject({ error: 'invalid_request', issues: [{ path: 'known.chat:room:general' }] })
  })
})
