import { createServer } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { createRealityServer, type RealityListener } from '../../src'
import { send } from '../support/http'
import { listen } from '../support/listen'

/* `server.listen()` on Node: node:http with the direct handler, on the `port`/`host` options or its own. */
describe('RealityServer.listen() on Node', () => {
  const open: RealityListener[] = []
  afterEach(async () => {
    await Promise.all(open.splice(0).map((listening) => listening.close()))
  })

  it('serves the routes on the port and host options (port 0: a free port)', async () => {
    const server = createRealityServer({ serverId: 'listen', port: 0, host: '127.0.0.1', adminToken: 't' })
    const listening = await server.listen()
    open.push(listening)
    expect(listening.port).toBeGreaterThan(0)
    expect(listening.port).not.toBe(3456)
    expect(listening).toMatchObject({
      url: `http://127.0.0.1:${listening.port}`,
      host: '127.0.0.1',
      prefix: '/reality',
    })

    const health = await send(`${listening.url}/reality/health`, { method: 'GET' })
    expect(health).toMatchObject({ status: 200, body: { status: 'ok', serverId: 'listen' } })
    const invalidated = await send(`${listening.url}/reality/invalidate`, {
      body: { keys: ['listen:key'] },
      headers: { authorization: 'Bearer t' },
    })
    expect(invalidated.status).toBe(200)
    const synced = await send(`${listening.url}/reality/sync`, { body: { known: { 'listen:key': 0 } } })
    expect(synced.body).toMatchObject({ changed: { 'listen:key': { key: 'listen:key' } } })
  })

  it('takes port, host and prefix given to listen() over the options', async () => {
    const listening = await createRealityServer({ port: 1 }).listen({ port: 0, host: '127.0.0.1', prefix: '/rt' })
    open.push(listening)
    expect((await send(`${listening.url}/rt/health`, { method: 'GET' })).status).toBe(200)
    expect((await send(`${listening.url}/reality/health`, { method: 'GET' })).status).toBe(404)
  })

  it('rejects when the port is taken, and close() frees it', async () => {
    const holder = await listen(createServer())
    const taken = Number(new URL(holder.origin).port)
    await expect(createRealityServer({ port: taken, host: '127.0.0.1' }).listen()).rejects.toMatchObject({
      code: 'EADDRINUSE',
    })
    await holder.close()

    const listening = await createRealityServer({ host: '127.0.0.1' }).listen({ port: 0 })
    const url = `${listening.url}/reality/health`
    expect((await send(url, { method: 'GET' })).status).toBe(200)
    await listening.close()
    await expect(fetch(url)).rejects.toThrow()
  })
})
