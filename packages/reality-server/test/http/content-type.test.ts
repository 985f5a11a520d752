import { ERROR_CODES } from '@rootlodge/reality/types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRealityServer, type RealityServer } from '../../src'
import { errorBody, expectServing } from '../support/http'
import { type Served, TRANSPORTS } from '../support/transports'

/*
 * A page on another origin can POST a form or text/plain without a CORS preflight (a "simple
 * request"). Every POST route takes application/json only, so such a request gets 415 and never
 * touches the server's state.
 */

const TOKEN = 'content-type-test-admin-token'

const post = async (url: string, body: string, headers: Record<string, string>) => {
  const response = await fetch(url, { method: 'POST', body, headers })
  return { status: response.status, body: (await response.json()) as unknown }
}

describe.each(TRANSPORTS)('content type over $name', (transport) => {
  let server: RealityServer
  let served: Served

  beforeAll(async () => {
    server = createRealityServer({ serverId: 'content-type', adminToken: TOKEN })
    served = await transport.serve(server)
  })
  afterAll(() => served.close())

  it.each([
    ['text/plain', '{"known":{"a":0}}'],
    ['application/x-www-form-urlencoded', '{"known":{"a":0}}'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n'],
  ])('answers a simple-request POST of %s to /sync with 415', async (type, body) => {
    const reply = await post(`${served.base}/sync`, body, { 'content-type': type })
    expect(reply.status).toBe(415)
    expect(reply.body).toMatchObject(errorBody(ERROR_CODES.unsupportedMediaType))
    await expectServing(served.base)
  })

  it('answers a POST without a content type with 415', async () => {
    const bytes = new TextEncoder().encode('{"known":{"a":0}}')
    const response = await fetch(`${served.base}/sync`, { method: 'POST', body: bytes })
    expect(response.status).toBe(415)
    expect(await response.json()).toMatchObject(errorBody(ERROR_CODES.unsupportedMediaType))
  })

  it('does not let a text/plain POST with the admin token invalidate anything', async () => {
    const before = await server.getNode('guarded')
    const reply = await post(`${served.base}/invalidate`, '{"key":"guarded"}', {
      'content-type': 'text/plain',
      authorization: `Bearer ${TOKEN}`,
    })
    expect(reply.status).toBe(415)
    expect(await server.getNode('guarded')).toEqual(before)
    const json = await post(`${served.base}/invalidate`, '{"key":"guarded"}', {
      'content-type': 'application/json; charset=utf-8',
      authorization: `Bearer ${TOKEN}`,
    })
    expect(json.status).toBe(200)
  })
})
