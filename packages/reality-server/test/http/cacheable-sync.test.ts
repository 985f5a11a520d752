import {
  cacheableKeysQuery,
  MAX_CACHEABLE_KEYS,
  MAX_CACHEABLE_URL_LENGTH,
  SYNC_KEYS_PARAM,
} from '@rootlodge/reality/types'
import { afterEach, describe, expect, it } from 'vitest'
import { createRealityServer, type RealityServerOptions } from '../../src'
import { send } from '../support/http'

/*
 * `GET {prefix}/sync?keys=…` over real HTTP: the POST answer to `known` of 0, a weak ETag over the versions, 304 on
 * If-None-Match, and a public Cache-Control only when every key is public after `authorize`.
 */

const ROOM = 'chat:room:general'
const PRESENCE = 'presence:general'
const SECRET = 'user:7:inbox'

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()))
})

const start = async (options: RealityServerOptions = {}) => {
  const server = createRealityServer({ serverId: 'edge', ...options })
  for (const key of [ROOM, PRESENCE, SECRET]) await server.updateNode(key, `h-${key}`)
  const { url, close } = await server.listen({ port: 0 })
  closers.push(close)
  const get = (keys: string[], headers: Record<string, string> = {}) =>
    send(`${url}/reality/sync?${SYNC_KEYS_PARAM}=${cacheableKeysQuery(keys)}`, { method: 'GET', headers })
  return { server, url, get }
}

describe('GET sync', () => {
  it('answers the POST form of known 0, with an ETag that moves with the versions and 304 when unchanged', async () => {
    const { server, url, get } = await start({ publicKeys: ['chat:', 'presence:'] })
    const first = await get([PRESENCE, ROOM, 'chat:room:unknown'])
    const post = await send(`${url}/reality/sync`, {
      body: { known: { [PRESENCE]: 0, [ROOM]: 0, 'chat:room:unknown': 0 } },
    })
    expect(first.status).toBe(200)
    expect((first.body as { changed: unknown }).changed).toEqual((post.body as { changed: unknown }).changed)
    const etag = first.headers.get('etag') ?? ''
    expect(etag).toMatch(/^W\/".+"$/)

    const again = await get([ROOM, PRESENCE, 'chat:room:unknown'], { 'if-none-match': etag })
    expect(again.status).toBe(304)
    expect(again.text).toBe('')
    expect(again.headers.get('etag')).toBe(etag)
    expect(again.headers.get('cache-control')).toBe(first.headers.get('cache-control'))

    await server.updateNode(ROOM, 'next')
    const changed = await get([ROOM, PRESENCE, 'chat:room:unknown'], { 'if-none-match': etag })
    expect(changed.status).toBe(200)
    expect(changed.headers.get('etag')).not.toBe(etag)
    expect((changed.body as { changed: Record<string, { hash: string }> }).changed[ROOM].hash).toBe('next')
  })

  it('is publicly cacheable for public keys only, and varies on nothing about the viewer', async () => {
    const { get } = await start({ publicKeys: (key) => key.startsWith('chat:') || key.startsWith('presence:') })
    const open = await get([ROOM, PRESENCE])
    expect(open.headers.get('cache-control')).toBe('public, max-age=1, s-maxage=1, stale-while-revalidate=2')
    expect(open.headers.get('vary')).toBe('Accept-Encoding')
    expect((open.body as { public: string[] }).public.sort()).toEqual([ROOM, PRESENCE])

    // For nginx, which counts whole seconds: kept at most through the second the answer was made in.
    const second = Math.floor((open.body as { serverTime: number }).serverTime / 1000)
    expect(open.headers.get('x-accel-expires')).toBe(`@${second}`)

    const mixed = await get([ROOM, SECRET])
    expect(mixed.headers.get('cache-control')).toBe('private, no-store')
    expect(mixed.headers.get('vary')).toBe('Accept-Encoding, Authorization, Cookie')
    expect(mixed.headers.get('x-accel-expires')).toBeNull()
  })

  it('never lets a shared cache keep an answer from a server without publicKeys', async () => {
    const { get, url } = await start()
    const reply = await get([ROOM])
    expect(reply.status).toBe(200)
    expect(reply.headers.get('cache-control')).toBe('private, no-store')
    expect(reply.body).not.toHaveProperty('public')
    const post = await send(`${url}/reality/sync`, { body: { known: { [ROOM]: 0 } } })
    expect(post.headers.get('cache-control')).toBe('no-store')
  })

  it('keeps a public key private when authorize denies it to this viewer', async () => {
    const { get } = await start({
      publicKeys: ['chat:'],
      authorize: (ctx, keys) => (ctx.request.header('authorization') ? keys : []),
    })
    const allowed = await get([ROOM], { authorization: 'Bearer x' })
    expect(allowed.headers.get('cache-control')).toMatch(/^public/)
    const denied = await get([ROOM])
    expect(denied.headers.get('cache-control')).toBe('private, no-store')
    expect((denied.body as { changed: object }).changed).toEqual({})
    expect(denied.headers.get('etag')).not.toBe(allowed.headers.get('etag'))
  })

  it('lets a cross-origin client read its ETag, Age and Date', async () => {
    const { get } = await start({ publicKeys: ['chat:'], cors: true })
    const reply = await get([ROOM], { origin: 'https://app.test' })
    expect(reply.headers.get('access-control-allow-origin')).toBe('*')
    expect(reply.headers.get('access-control-expose-headers')).toBe('retry-after, etag, age, date')
  })

  it('takes the cache lifetimes from the server options', async () => {
    const { get } = await start({ publicKeys: ['chat:'], publicMaxAge: 3, staleWhileRevalidate: 10 })
    expect((await get([ROOM])).headers.get('cache-control')).toBe(
      'public, max-age=3, s-maxage=3, stale-while-revalidate=10',
    )
  })

  it('states its limits: keys required, at most MAX_CACHEABLE_KEYS, URL length bounded', async () => {
    const { url } = await start({ publicKeys: ['k'] })
    const keys = Array.from({ length: MAX_CACHEABLE_KEYS + 1 }, (_, i) => `k${i}`)
    const missing = await send(`${url}/reality/sync`, { method: 'GET' })
    expect(missing.status).toBe(400)
    const many = await send(`${url}/reality/sync?keys=${keys.join(',')}`, { method: 'GET' })
    expect(many.status).toBe(413)
    expect(many.body).toMatchObject({ error: 'too_many_keys' })
    const long = await send(`${url}/reality/sync?keys=${'k'.repeat(MAX_CACHEABLE_URL_LENGTH)}`, { method: 'GET' })
    expect(long.status).toBe(414)
    expect(long.body).toMatchObject({ error: 'uri_too_long' })
    const options = await send(`${url}/reality/sync`, { method: 'OPTIONS' })
    expect(options.headers.get('allow')).toBe('POST, GET, HEAD, OPTIONS')
  })
})

describe('GET sync keys', () => {
  it('splits the keys before decoding them, so a key may hold a comma, a plus or any character', async () => {
    const odd = ['a,b', 'c+d', 'e f', 'g%h', 'ü:🙂', '&keys=x']
    const { server, get } = await start()
    for (const key of odd) await server.updateNode(key, `h-${key}`)
    const res = await get(odd)
    expect(res.status).toBe(200)
    const changed = (res.body as { changed: Record<string, { hash: string }> }).changed
    expect(Object.keys(changed).sort()).toEqual([...odd].sort())
    for (const key of odd) expect(changed[key].hash).toBe(`h-${key}`)
  })

  it('reads a hand-written + as a space, and answers 400 naming the parameter for broken percent-encoding', async () => {
    const { server, url } = await start()
    await server.updateNode('e f', 'spaced')
    const plus = await send(`${url}/reality/sync?${SYNC_KEYS_PARAM}=e+f`, { method: 'GET' })
    expect((plus.body as { changed: Record<string, { hash: string }> }).changed['e f'].hash).toBe('spaced')
    const broken = await send(`${url}/reality/sync?${SYNC_KEYS_PARAM}=a%ZZ`, { method: 'GET' })
    expect(broken.status).toBe(400)
    expect((broken.body as { message: string }).message).toContain(SYNC_KEYS_PARAM)
  })
})

describe('cacheableKeysQuery', () => {
  it('gives every viewer of a key set the same query, and none for sets GET cannot carry', () => {
    expect(cacheableKeysQuery([PRESENCE, ROOM, ROOM])).toBe('chat%3Aroom%3Ageneral,presence%3Ageneral')
    expect(cacheableKeysQuery([ROOM, PRESENCE])).toBe(cacheableKeysQuery([PRESENCE, ROOM]))
    expect(cacheableKeysQuery(['a,b', 'c'])).toBe('a%2Cb,c')
    expect(cacheableKeysQuery([])).toBeFalsy()
    expect(cacheableKeysQuery(Array.from({ length: MAX_CACHEABLE_KEYS + 1 }, (_, i) => `k${i}`))).toBeUndefined()
  })
})
