import { ERROR_CODES } from '@rootlodge/reality/types'
import { expect, it } from 'vitest'
import { errorBody, send, sendChunked } from '../../support/http'

/** The admin token every runtime's server script is started with (`REALITY_ADMIN_TOKEN`). */
export const ADMIN_TOKEN = 'runtime-suite-token'

/** The body limit every runtime's server script sets, so a 413 costs a few KiB, not 256. */
export const BODY_LIMIT = 8192

export interface Mounted {
  /** Where the routes (`/sync`, `/health`, `/invalidate`, `/mesh`) answer, e.g. `http://127.0.0.1:4321/reality`. */
  base: string
  /** The server was created with a mesh (`mesh` or `meshPeers` options): `/mesh` validates exchanges. */
  mesh?: boolean
}

let counter = 0
/** A key no other test of this run touches. */
export const freshKey = (label: string): string => `runtime:${label}:${process.pid}:${++counter}`

/** Marks keys as changed through the server's own admin route. */
export const invalidate = async (base: string, keys: string[]): Promise<number[]> => {
  const reply = await send(`${base}/invalidate`, {
    body: { keys },
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  })
  expect(reply.status, reply.text).toBe(200)
  return (reply.body as { updated: { version: number }[] }).updated.map((node) => node.version)
}

type Changed = Record<string, { key: string; version: number; hash: string; updatedAt: number }>

/** POSTs a sync and returns its `changed` map (asserting a 200 and the response shape). */
export const sync = async (base: string, known: Record<string, number>): Promise<Changed> => {
  const reply = await send(`${base}/sync`, { body: { known } })
  expect(reply.status, reply.text).toBe(200)
  expect(reply.headers.get('content-type')).toMatch(/^application\/json/)
  expect(reply.body).toMatchObject({
    changed: expect.any(Object),
    mesh: expect.any(Object),
    serverTime: expect.any(Number),
  })
  return (reply.body as { changed: Changed }).changed
}

/**
 * The behaviour every runtime must show over real HTTP, registered as `it` blocks: health,
 * change detection, bodies with and without a declared length, and the JSON errors.
 */
export const itServesReality = (mounted: () => Mounted): void => {
  it('answers GET /health with 200 and status ok', async () => {
    const reply = await send(`${mounted().base}/health`, { method: 'GET' })
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ status: 'ok', storage: true })
  })

  it('reports a changed key once, then nothing until it changes again', async () => {
    const { base } = mounted()
    const key = freshKey('once')
    const quiet = freshKey('quiet')
    expect(await sync(base, { [key]: 0, [quiet]: 0 })).toEqual({})
    const [version] = await invalidate(base, [key])
    const changed = await sync(base, { [key]: 0, [quiet]: 0 })
    expect(Object.keys(changed)).toEqual([key])
    expect(changed[key]).toMatchObject({ key, version, hash: expect.any(String), updatedAt: expect.any(Number) })
    expect(await sync(base, { [key]: version })).toEqual({})
    const [next] = await invalidate(base, [key])
    expect(next).toBeGreaterThan(version)
    expect((await sync(base, { [key]: version }))[key].version).toBe(next)
  })

  it('reads a chunked body (no Content-Length) and refuses one past the limit with 413', async () => {
    const { base } = mounted()
    const key = freshKey('chunked')
    const [version] = await invalidate(base, [key])
    const ok = await sendChunked(`${base}/sync`, ['{"known":', `{"${key}":`, '0}}'])
    expect(ok.status, ok.text).toBe(200)
    expect(JSON.parse(ok.text).changed[key].version).toBe(version)
    const padding = 'x'.repeat(1024)
    const big = await sendChunked(`${base}/sync`, [
      '{"known":{',
      ...Array(BODY_LIMIT / 1024 + 2).fill(`"${padding}":0,`),
    ])
    expect(big.status).toBe(413)
    expect(JSON.parse(big.text)).toMatchObject(errorBody(ERROR_CODES.bodyTooLarge))
  })

  it('serves SSE compat at GET /events?key=…: a finished event stream of what Last-Event-ID has not seen', async () => {
    const { base } = mounted()
    const key = freshKey('sse')
    const url = `${base}/events?key=${encodeURIComponent(key)}`
    const [first] = await invalidate(base, [key])
    const fresh = await fetch(url)
    expect(fresh.status).toBe(200)
    expect(fresh.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const body = await fresh.text()
    expect(body).toContain(`"version":${first}`)
    const id = /^id: (.*)$/m.exec(body)?.[1] ?? ''
    const [second] = await invalidate(base, [key])
    const next = await (await fetch(url, { headers: { 'last-event-id': id } })).text()
    expect(next).toContain(`"version":${second}`)
    expect(next).not.toContain(`"version":${first}`)
  })

  it('answers JSON errors: 400 for bad JSON, 405 for POST /health, 401 for invalidate without token', async () => {
    const { base } = mounted()
    const bad = await send(`${base}/sync`, { body: '{"known":' })
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject(errorBody(ERROR_CODES.invalidJson))
    // POST reaches Reality on every adapter (a framework answers methods it has no handler for itself, as Next does).
    const wrongMethod = await send(`${base}/health`, { body: {} })
    expect(wrongMethod.status).toBe(405)
    expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD, OPTIONS')
    expect(wrongMethod.body).toMatchObject(errorBody(ERROR_CODES.methodNotAllowed))
    const anonymous = await send(`${base}/invalidate`, { body: { keys: ['x'] } })
    expect(anonymous.status).toBe(401)
    expect(anonymous.body).toMatchObject(errorBody(ERROR_CODES.unauthorized))
  })

  it('routes POST /mesh to the server: a 401 for an unsigned exchange with a mesh, our JSON 404 without', async () => {
    const { base, mesh } = mounted()
    // The admin token signs mesh exchanges (HMAC): a bearer token alone is no longer a peer.
    const reply = await send(`${base}/mesh`, {
      body: { from: { serverId: 'suite-peer' }, mesh: { peers: [], serverVersion: 0 } },
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    })
    if (mesh) {
      expect(reply.status, reply.text).toBe(401)
      expect(reply.body).toMatchObject(errorBody(ERROR_CODES.unauthorized))
    } else {
      expect(reply.status, reply.text).toBe(404)
      expect(reply.body).toMatchObject({ error: ERROR_CODES.notFound, message: 'this server has no mesh peers' })
    }
  })
}
