import { createRealityClient, type RealityOptions } from '@rootlodge/reality'
import { createRealityServer, type RealityServerOptions } from '@rootlodge/reality-server'
import { afterEach, describe, expect, it } from 'vitest'
import { manualManagers } from './support/managers'

/*
 * The client's cacheable GET against a real RealityServer over HTTP: a check made only of keys the server marks
 * public goes as `GET …/sync?keys=…`; a mutation's check, a private key, or a set a URL cannot carry goes as
 * `POST`. A cache that answers old is played by the `fetch` option (nginx itself: nginx-cache.test.ts in the
 * server package): the client never goes backwards, does not loop, and asks past an answer that is too old.
 */

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

interface Sent {
  method: string
  url: string
}

const start = async (options: RealityServerOptions = {}) => {
  const server = createRealityServer({ serverId: 'cacheable', publicKeys: ['room:'], ...options })
  const { url, close } = await server.listen({ port: 0 })
  cleanups.push(close)
  return { server, url }
}

/** A client that records what it sends; `answer` may stand in for a cache in front of the server. */
const client = (
  url: string,
  options: RealityOptions = {},
  answer?: (sent: Sent, forward: () => Promise<Response>) => Promise<Response>,
) => {
  const sent: Sent[] = []
  const recording: typeof fetch = (input, init) => {
    const one = { method: init?.method ?? 'GET', url: String(input) }
    sent.push(one)
    const forward = () => fetch(input, init)
    return answer ? answer(one, forward) : forward()
  }
  const c = createRealityClient({ servers: [url], managers: manualManagers(), fetch: recording, ...options })
  cleanups.push(() => c.destroy())
  return { c, sent }
}

const methods = (sent: Sent[]) => sent.map((s) => s.method)
const syncPath = (sent: Sent) => new URL(sent.url).pathname + new URL(sent.url).search

describe('cacheable GET from the client', () => {
  it('checks public keys with GET on the canonical URL once the server marks them, and POSTs after a mutation', async () => {
    const { server, url } = await start()
    await server.updateNode('room:b', 'b1')
    await server.updateNode('room:a', 'a1')
    const { c, sent } = client(url)
    await c.syncKeys(['room:b', 'room:a'], 'mount') // POST: nothing is known public yet
    await c.syncKeys(['room:a', 'room:b'], 'idle')
    expect(methods(sent)).toEqual(['POST', 'GET'])
    expect(syncPath(sent[1])).toBe('/reality/sync?keys=room%3Aa,room%3Ab')

    const next = await server.updateNode('room:a', 'a2')
    await c.syncKeys(['room:a', 'room:b'], 'idle')
    expect(c.getState('room:a').meta?.version).toBe(next.version)
    expect(c.getState('room:a').meta?.hash).toBe('a2')

    sent.length = 0
    await c.syncKeys(['room:a'], 'mutation')
    await c.syncKeys(['room:a'], 'focus')
    expect(methods(sent)).toEqual(['POST', 'GET'])
  })

  it('sends a check holding any private key as one POST', async () => {
    const { server, url } = await start()
    await server.updateNode('room:a', 'a1')
    await server.updateNode('user:7', 'u1')
    const { c, sent } = client(url)
    await c.syncKeys(['room:a', 'user:7'], 'mount')
    await c.syncKeys(['room:a', 'user:7'], 'idle')
    await c.syncKeys(['room:a'], 'idle')
    expect(methods(sent)).toEqual(['POST', 'POST', 'GET'])
  })

  it('goes back to POST for a key the server stops marking public', async () => {
    let open = true
    const { server, url } = await start({ publicKeys: () => open })
    await server.updateNode('room:a', 'a1')
    const { c, sent } = client(url)
    await c.syncKeys(['room:a'], 'mount')
    await c.syncKeys(['room:a'], 'idle')
    open = false
    await c.syncKeys(['room:a'], 'idle') // answered as private: the client learns it
    await c.syncKeys(['room:a'], 'idle')
    expect(methods(sent)).toEqual(['POST', 'GET', 'GET', 'POST'])
  })

  it('always POSTs with cacheable: false, and against a server without publicKeys', async () => {
    const { server, url } = await start()
    await server.updateNode('room:a', 'a1')
    const off = client(url, { cacheable: false })
    await off.c.syncKeys(['room:a'], 'mount')
    await off.c.syncKeys(['room:a'], 'idle')
    expect(methods(off.sent)).toEqual(['POST', 'POST'])

    const plain = await start({ publicKeys: undefined })
    await plain.server.updateNode('room:a', 'a1')
    const { c, sent } = client(plain.url)
    await c.syncKeys(['room:a'], 'mount')
    await c.syncKeys(['room:a'], 'idle')
    expect(methods(sent)).toEqual(['POST', 'POST'])
  })

  it('POSTs a key set a GET cannot carry: more than 64 keys, or a URL over 2,048 characters', async () => {
    const { url } = await start()
    const many = Array.from({ length: 65 }, (_, i) => `room:${i}`)
    const long = Array.from({ length: 20 }, (_, i) => `room:${i}:${'x'.repeat(120)}`)
    const { c, sent } = client(url)
    for (const keys of [many, long]) {
      await c.syncKeys(keys, 'mount')
      await c.syncKeys(keys, 'idle')
    }
    expect(methods(sent)).toEqual(['POST', 'POST', 'POST', 'POST'])
    // The server marked them all public: the limits, not the keys, kept them off GET.
    await c.syncKeys(many.slice(0, 64), 'idle')
    expect(methods(sent).at(-1)).toBe('GET')
  })
})

describe('behind a cache that answers old', () => {
  /** A cache holding the first GET answer it saw, served with `headers`. */
  const staleCache = (headers: (body: { serverTime: number }) => Record<string, string> = () => ({})) => {
    let kept: string | undefined
    return async (sent: Sent, forward: () => Promise<Response>): Promise<Response> => {
      if (sent.method !== 'GET') return forward()
      kept ??= await (await forward()).text()
      return new Response(kept, {
        headers: { 'content-type': 'application/json', ...headers(JSON.parse(kept)) },
      })
    }
  }

  it('never moves a key backwards, and sends one GET per check', async () => {
    const { server, url } = await start()
    await server.updateNode('room:a', 'old')
    const { c, sent } = client(url, {}, staleCache())
    await c.syncKeys(['room:a'], 'mount')
    await c.syncKeys(['room:a'], 'idle') // the cache keeps this answer
    const next = await server.updateNode('room:a', 'new')
    await c.syncKeys(['room:a'], 'mutation') // POST, past the cache
    expect(c.getState('room:a').meta?.version).toBe(next.version)

    sent.length = 0
    await c.syncKeys(['room:a'], 'idle')
    await c.syncKeys(['room:a'], 'idle')
    expect(methods(sent)).toEqual(['GET', 'GET'])
    expect(c.getState('room:a').meta?.version).toBe(next.version)
    expect(c.getState('room:a').meta?.hash).toBe('new')
  })

  it('asks again with POST when the Age header says the answer is over 10 s old', async () => {
    const { server, url } = await start()
    await server.updateNode('room:a', 'one')
    const { c, sent } = client(
      url,
      {},
      staleCache(() => ({ age: '3600' })),
    )
    await c.syncKeys(['room:a'], 'mount')
    const next = await server.updateNode('room:a', 'two')
    sent.length = 0
    await c.syncKeys(['room:a'], 'idle')
    expect(methods(sent)).toEqual(['GET', 'POST'])
    expect(c.getState('room:a').meta?.version).toBe(next.version)
  })

  it('without Age, judges by the Date header against the serverTime the answer carries', async () => {
    const { server, url } = await start()
    await server.updateNode('room:a', 'one')
    const late = (body: { serverTime: number }) => ({ date: new Date(body.serverTime + 60_000).toUTCString() })
    const { c, sent } = client(url, {}, staleCache(late))
    await c.syncKeys(['room:a'], 'mount')
    await server.updateNode('room:a', 'two')
    sent.length = 0
    await c.syncKeys(['room:a'], 'idle')
    expect(methods(sent)).toEqual(['GET', 'POST'])
    expect(c.getState('room:a').meta?.hash).toBe('two')

    // A fresh answer (Date within 10 s of its serverTime) is taken as it is.
    const fresh = client(
      url,
      {},
      staleCache((body) => ({ date: new Date(body.serverTime).toUTCString() })),
    )
    await fresh.c.syncKeys(['room:a'], 'mount')
    await fresh.c.syncKeys(['room:a'], 'idle')
    expect(methods(fresh.sent)).toEqual(['POST', 'GET'])
  })
})
