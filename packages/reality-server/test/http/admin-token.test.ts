import { describe, expect, it } from 'vitest'
import { createRealityServer, RealityServer } from '../../src'

/*
 * The admin token (and the rest of the HTTP settings) stays with the HTTP layer: whoever holds
 * a server instance (a plugin, a log line, a debugger) cannot read the token from it.
 */
describe('the admin token is not readable from a server instance', () => {
  const TOKEN = 'secret-admin-token-7f3a'

  it.each([
    ['new RealityServer', () => new RealityServer({ adminToken: TOKEN, cors: true, retryAfterSeconds: 9 })],
    ['createRealityServer', () => createRealityServer({ adminToken: TOKEN, cors: true, retryAfterSeconds: 9 })],
  ])('%s: not by property, keys, JSON or for..in', (_name, make) => {
    const server = make()
    const record = server as unknown as Record<string, unknown>
    for (const field of ['adminToken', 'cors', 'retryAfterSeconds', 'redis']) expect(record[field]).toBeUndefined()
    expect(Object.keys(server).join()).not.toMatch(/token|cors|retry/i)
    expect(Object.getOwnPropertyNames(server).join()).not.toMatch(/token|cors|retry/i)
    expect(JSON.stringify(server)).not.toContain(TOKEN)
    const seen: string[] = []
    for (const key in server) seen.push(key, JSON.stringify(record[key]) ?? '')
    expect(seen.join()).not.toContain(TOKEN)
    expect(seen.join()).not.toMatch(/token/i)
  })

  it('still guards POST /invalidate with it', async () => {
    const handler = createRealityServer({ adminToken: TOKEN }).getFetchHandler('/reality')
    const invalidate = (authorization?: string) =>
      handler(
        new Request('http://localhost/reality/invalidate', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
          body: JSON.stringify({ keys: ['guarded'] }),
        }),
      )
    expect((await invalidate()).status).toBe(401)
    expect((await invalidate('Bearer wrong')).status).toBe(401)
    expect((await invalidate(`Bearer ${TOKEN}`)).status).toBe(200)
  })
})
