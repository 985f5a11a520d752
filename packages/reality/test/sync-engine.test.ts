import { waitFor } from '@reality-internal/test-utils'
import { createRealityClient, type RealityClient, type RealityOptions } from '@rootlodge/reality'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { controlledFetcher, flush } from './support/deferred'
import { manualManagers } from './support/managers'
import { startRealityServer, type TestServer } from './support/reality-server'

/*
 * The sync engine against a real RealityServer over real HTTP: batching, queueing, hash-gated refetch, one fetch per
 * key, ordering of fetch results, and the last unsubscribe stopping all work.
 */

let server: TestServer
let client: RealityClient
const make = (options: RealityOptions = {}) => {
  client = createRealityClient({ servers: [server.url], managers: manualManagers(), ...options })
  return client
}

beforeEach(async () => {
  server = await startRealityServer()
})
afterEach(async () => {
  client?.destroy()
  await server.stop()
})

describe('batching and queueing', () => {
  it('sends every key subscribed in one tick in one request, with the full request form', async () => {
    make()
    for (const key of ['a', 'b', 'c']) client.subscribe(key, () => {})
    await client.syncKeys([])
    expect(server.requests).toHaveLength(1)
    const [body] = server.requests
    expect(body.known).toEqual({ a: 0, b: 0, c: 0 })
    expect(body.clientId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(body.mode).toBe('native')
    expect(body.hint).toBe('mount')
    expect(typeof body.timestamp).toBe('number')
  })

  it('queues syncs asked for while one is in flight and runs them, merged, right after', async () => {
    make()
    for (const key of ['a', 'b', 'c']) client.subscribe(key, () => {})
    await client.syncKeys([])
    const release = server.hold()
    const first = client.syncKeys(['a'], 'interaction')
    await waitFor(() => server.requests.length === 2)
    const second = client.syncKeys(['b'], 'focus')
    const third = client.syncKeys(['c'], 'mutation')
    await flush()
    expect(server.requests).toHaveLength(2) // b and c wait for a
    release()
    await Promise.all([first, second, third])
    expect(server.requests).toHaveLength(3)
    expect(server.requests[2].known).toEqual({ b: 0, c: 0 })
    expect(server.requests[2].hint).toBe('mutation') // the most specific hint of the merged batch
  })

  it('reports the key as syncing while its request is queued or in flight', async () => {
    make()
    client.subscribe('a', () => {})
    await client.syncKeys([])
    const release = server.hold()
    const done = client.syncKeys(['a'])
    expect(client.getState('a').isSyncing).toBe(true)
    expect(client.getState('a').status).toBe('syncing')
    release()
    await done
    expect(client.getState('a').isSyncing).toBe(false)
    expect(client.getState('a').status).toBe('idle')
  })
})

describe('payload fetching', () => {
  it('loads once, refetches only when the hash changed, and adopts same-hash versions without a fetch', async () => {
    make()
    let fetches = 0
    client.subscribe('posts', () => {}, { fetcher: async () => ++fetches })
    await client.syncKeys([])
    expect(client.getState('posts')).toMatchObject({ data: 1, status: 'idle', meta: null })

    const v1 = await server.reality.updateNode('posts', 'h1')
    await client.syncKeys(['posts'])
    expect(fetches).toBe(2)
    expect(client.getState('posts').meta).toMatchObject(v1)

    const v2 = await server.reality.updateNode('posts', 'h1') // new version, same content
    await client.syncKeys(['posts'])
    expect(fetches).toBe(2)
    expect(client.getState('posts').meta?.version).toBe(v2.version)
    expect(server.requests.at(-1)?.known).toEqual({ posts: v1.version })

    await client.syncKeys(['posts'])
    expect(server.requests.at(-1)?.known).toEqual({ posts: v2.version })
    expect(fetches).toBe(2)
  })

  it('runs at most one fetch per key; what is learnt meanwhile queues exactly one follow-up', async () => {
    make()
    const { fetcher, calls } = controlledFetcher<string>()
    client.subscribe('k', () => {}, { fetcher })
    client.subscribe('k', () => {}, { fetcher }) // a second subscriber shares the fetch
    await waitFor(() => calls.length === 1)
    // Syncs resolve when the key's fetch settles, so they are not awaited here.
    await server.reality.updateNode('k', 'x')
    void client.syncKeys(['k'])
    await waitFor(() => server.requests.length === 2 && client.getState('k').meta?.hash === 'x')
    await server.reality.updateNode('k', 'y')
    void client.syncKeys(['k'])
    await waitFor(() => server.requests.length === 3 && client.getState('k').meta?.hash === 'y')
    await flush()
    expect(calls).toHaveLength(1)
    expect(client.getState('k').isStale).toBe(true)
    calls[0].resolve('first')
    await waitFor(() => calls.length === 2)
    calls[1].resolve('second')
    await waitFor(() => client.getState('k').data === 'second')
    await flush()
    expect(calls).toHaveLength(2)
    expect(client.getState('k')).toMatchObject({ isStale: false, status: 'idle' })
    expect(client.getState('k').meta?.hash).toBe('y')
  })

  it('never lets an older, slower fetch overwrite newer data', async () => {
    make()
    const { fetcher, calls } = controlledFetcher<string>()
    const off = client.subscribe('k', () => {}, { fetcher })
    await waitFor(() => calls.length === 1) // old fetch, still running
    off()
    client.subscribe('k', () => {}, { fetcher })
    await waitFor(() => calls.length === 2)
    calls[1].resolve('new')
    await waitFor(() => client.getState('k').data === 'new')
    calls[0].resolve('old')
    await flush()
    expect(client.getState('k').data).toBe('new')
  })

  it('keeps a fetcher error on the key, reports it, and retries on the next sync that needs it', async () => {
    make()
    const errors: Error[] = []
    let fail = true
    client.subscribe('k', () => {}, {
      fetcher: async () => {
        if (fail) throw new Error('api down')
        return 'ok'
      },
      onError: (error) => errors.push(error),
    })
    await client.syncKeys([])
    expect(client.getState('k')).toMatchObject({ status: 'error', isLoading: false, data: undefined })
    expect(client.getState('k').error?.message).toBe('api down')
    expect(errors.map((e) => e.message)).toEqual(['api down'])
    fail = false
    await client.syncKeys(['k'])
    expect(client.getState('k')).toMatchObject({ status: 'idle', data: 'ok', error: null })
  })

  it('refetches on invalidate even when the hash did not change', async () => {
    make()
    let fetches = 0
    client.subscribe('k', () => {}, { fetcher: async () => ++fetches })
    await client.syncKeys([])
    await client.invalidate('k')
    expect(fetches).toBe(2)
    await client.invalidate(['k'])
    expect(client.getState('k').data).toBe(3)
  })

  it('invalidating an unsubscribed key sends nothing now and refetches it when it is subscribed again', async () => {
    make()
    let fetches = 0
    const fetcher = async () => ++fetches
    const off = client.subscribe('k', () => {}, { fetcher })
    await client.syncKeys([])
    off()
    const before = server.requests.length
    await client.invalidate('k')
    expect(server.requests).toHaveLength(before)
    client.subscribe('k', () => {}, { fetcher })
    await client.syncKeys([])
    expect(fetches).toBe(2)
  })
})

describe('unsubscribing', () => {
  it('stops all work for a key: no request when it leaves in the same tick, no fetch result applied later', async () => {
    make()
    const off = client.subscribe('gone', () => {})
    off()
    await client.syncKeys([])
    expect(server.requests).toHaveLength(0)

    const { fetcher, calls } = controlledFetcher<string>()
    const off2 = client.subscribe('k', () => {}, { fetcher })
    await waitFor(() => calls.length === 1)
    off2()
    calls[0].resolve('late')
    await flush()
    expect(client.getState('k').data).toBeUndefined()
    await server.reality.updateNode('k', 'changed')
    const before = server.requests.length
    await client.syncAll()
    expect(server.requests).toHaveLength(before) // nothing subscribed: nothing sent
    expect(calls).toHaveLength(1)
  })

  it('keeps working for the remaining subscribers of a key', async () => {
    make()
    let fetches = 0
    const fetcher = async () => ++fetches
    const off = client.subscribe('k', () => {}, { fetcher })
    client.subscribe('k', () => {}, { fetcher })
    await client.syncKeys([])
    off()
    await server.reality.updateNode('k', 'h')
    await client.syncAll()
    expect(fetches).toBe(2)
  })
})

describe('state snapshots', () => {
  it('returns the same object until the state changes, and tells subscribers each new one', async () => {
    make()
    const seen: unknown[] = []
    client.subscribe('k', (state) => seen.push(state), { fetcher: async () => 'data' })
    await client.syncKeys([])
    const a = client.getState('k')
    expect(client.getState('k')).toBe(a)
    expect(seen.at(-1)).toBe(a)
    await client.syncKeys(['k']) // nothing visible changes except syncing flags and lastSyncAt
    const b = client.getState('k')
    expect(b).not.toBe(a)
    expect(b.data).toBe('data')
    expect(b.lastSyncAt).toBeGreaterThanOrEqual(a.lastSyncAt ?? 0)
  })

  it('reports loading before the first payload, with the fallback as data', () => {
    make()
    client.subscribe('k', () => {}, { fallback: [] as string[], fetcher: async () => ['x'] })
    expect(client.getState('k')).toMatchObject({ status: 'loading', isLoading: true, data: [] })
  })

  it('rejects keys the protocol forbids', () => {
    make()
    expect(() => client.subscribe('', () => {})).toThrow(TypeError)
    expect(() => client.getState('k'.repeat(257))).toThrow(TypeError)
  })
})

describe('hydration', () => {
  it('does not refetch a payload given with initialKnown + initialData until it changes', async () => {
    const v = await server.reality.updateNode('posts', 'h1')
    make({ initialKnown: { posts: v.version }, initialData: { posts: ['from ssr'] } })
    let fetches = 0
    client.subscribe('posts', () => {}, { fetcher: async () => [`fetch ${++fetches}`] })
    expect(client.getState('posts')).toMatchObject({ isLoading: false, data: ['from ssr'] })
    await client.syncKeys([])
    expect(fetches).toBe(0)
    expect(server.requests[0].known).toEqual({ posts: v.version })
    await server.reality.updateNode('posts', 'h2')
    await client.syncKeys(['posts'])
    expect(client.getState('posts').data).toEqual(['fetch 1'])
  })

  it('reports, for dehydration, the version of each payload held and never a newer one', async () => {
    make()
    const v1 = await server.reality.updateNode('posts', 'h1')
    await server.reality.updateNode('meta-only', 'm')
    let fail = false
    client.subscribe('posts', () => {}, {
      fetcher: async () => {
        if (fail) throw new Error('api down')
        return 'payload'
      },
    })
    client.subscribe('meta-only', () => {})
    await client.syncKeys([])
    expect(client.getKnownVersions()).toEqual({ posts: v1.version })
    fail = true
    await server.reality.updateNode('posts', 'h2')
    await client.syncAll()
    expect(client.getState('posts').isStale).toBe(true)
    expect(client.getKnownVersions()).toEqual({ posts: v1.version })
  })

  it('shows initialMeta at once and skips the refetch when a later version keeps its hash', async () => {
    const v = await server.reality.updateNode('posts', 'h1')
    make({ initialKnown: { posts: v.version }, initialMeta: { posts: v }, initialData: { posts: ['ssr'] } })
    let fetches = 0
    client.subscribe('posts', () => {}, { fetcher: async () => [`fetch ${++fetches}`] })
    expect(client.getState('posts').meta).toEqual(v)
    const same = await server.reality.updateNode('posts', 'h1')
    await client.syncKeys([])
    expect(fetches).toBe(0)
    expect(client.getState('posts').meta?.version).toBe(same.version)
    expect(client.getState('posts').data).toEqual(['ssr'])
  })

  it('treats the fallback as the payload of an initialKnown version', async () => {
    const v = await server.reality.updateNode('posts', 'h1')
    make({ initialKnown: { posts: v.version } })
    let fetches = 0
    client.subscribe('posts', () => {}, { fallback: ['rendered'], fetcher: async () => [`fetch ${++fetches}`] })
    await client.syncKeys([])
    expect(fetches).toBe(0)
    expect(client.getState('posts').data).toEqual(['rendered'])
    expect(client.getKnownVersions()).toEqual({ posts: v.version })
  })
})
