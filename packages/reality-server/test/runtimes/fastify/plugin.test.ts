import { createServer } from 'node:http'
import { waitFor } from '@reality-internal/test-utils'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFastifyPlugin, createFetchHandler, createNodeHandler, createRealityServer } from '../../../src'
import { send } from '../../support/http'
import { listen } from '../../support/listen'
import { ADMIN_TOKEN, BODY_LIMIT, invalidate, itServesReality, sync } from '../support/sync-suite'

/*
 * Fastify 5: the plugin registered under /reality, and in the same app the server README's
 * fetch snippet on another path plus an ordinary JSON route, to show the plugin's body handling
 * stays inside its own encapsulated context.
 */
describe('Fastify 5: fastify.register(createFastifyPlugin(server), { prefix })', () => {
  const server = createRealityServer({
    serverId: 'fastify',
    adminToken: ADMIN_TOKEN,
    limits: { maxBodyBytes: BODY_LIMIT },
    // A mesh without configured peers: it learns them from their exchanges.
    mesh: { retryBaseMs: 20, timeoutMs: 1000, ackTimeoutMs: 1000 },
  })
  let fastify: FastifyInstance
  let origin: string

  beforeAll(async () => {
    fastify = Fastify()
    await fastify.register(createFastifyPlugin(server), { prefix: '/reality' })

    // --- server README (003), "Fastify", unchanged except its path (the plugin owns /reality/sync) ---
    fastify.post('/seed/reality/sync', async (request, reply) => {
      const response = await createFetchHandler(server)(
        new Request('http://localhost/reality/sync', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(request.body),
        }),
      )
      reply.status(response.status).send(await response.json())
    })
    // --- end ---

    fastify.post('/api/echo', async (request) => ({ parsedByFastify: request.body }))
    origin = await fastify.listen({ port: 0, host: '127.0.0.1' })
  })
  afterAll(async () => {
    await server.close()
    await fastify.close()
  })

  itServesReality(() => ({ base: `${origin}/reality`, mesh: true }))

  it('is a mesh peer: exchanges both ways with a server on node:http', async () => {
    const http = createServer()
    const peer = await listen(http)
    const other = createRealityServer({
      serverId: 'node-peer',
      adminToken: ADMIN_TOKEN,
      peers: [`${origin}/reality`],
      mesh: { url: peer.origin, retryBaseMs: 20, timeoutMs: 1000, ackTimeoutMs: 1000 },
    })
    http.on('request', createNodeHandler(other))
    try {
      const sent = await other.updateNode('fastify:mesh:in', 'from-node')
      await waitFor(async () => (await server.getNode('fastify:mesh:in'))?.version === sent.version, {
        message: 'the Fastify-mounted server holds the update of its peer',
      })
      const back = await server.updateNode('fastify:mesh:out', 'from-fastify')
      await waitFor(async () => (await other.getNode('fastify:mesh:out'))?.version === back.version, {
        message: 'the node:http peer holds the update made behind Fastify',
      })
      expect(await server.getMeshPeers()).toEqual([peer.origin])
    } finally {
      await other.close()
      await peer.close()
    }
  })

  it("answers OPTIONS and HEAD; a path outside its routes gets Fastify's own 404", async () => {
    const preflight = await send(`${origin}/reality/sync`, { method: 'OPTIONS' })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('allow')).toBe('POST, GET, HEAD, OPTIONS')
    const head = await fetch(`${origin}/reality/health`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    const unknown = await send(`${origin}/reality/elsewhere`, { method: 'GET' })
    expect(unknown).toMatchObject({ status: 404, body: { statusCode: 404, error: 'Not Found' } })
  })

  it("answers a text/plain body with Reality's JSON 415, not Fastify's own error", async () => {
    const reply = await send(`${origin}/reality/sync`, {
      body: '{"known":{"plain":0}}',
      headers: { 'content-type': 'text/plain' },
    })
    expect(reply.status).toBe(415)
    expect(reply.body).toMatchObject({ error: 'unsupported_media_type', message: expect.any(String) })
  })

  it('leaves the rest of the app alone: the seed route and a JSON route still get parsed bodies', async () => {
    const echo = await send(`${origin}/api/echo`, { body: { a: 1 } })
    expect(echo).toMatchObject({ status: 200, body: { parsedByFastify: { a: 1 } } })
    const [version] = await invalidate(`${origin}/reality`, ['fastify:seed'])
    expect((await sync(`${origin}/seed/reality`, { 'fastify:seed': 0 }))['fastify:seed'].version).toBe(version)
  })
})
