import { waitFor } from '@reality-internal/test-utils'
import { createRealityClient, type RealityClient, type RealityOptions } from '@rootlodge/reality'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flush } from './support/deferred'
import { manualManagers } from './support/managers'
import { ManualTimers } from './support/manual-timers'
import { startRealityServer, type TestServer } from './support/reality-server'

/*
 * Fetch retry with back-off, gcTime eviction, cache writes and pause/resume, on a deterministic clock (ManualTimers)
 * with real HTTP to a real RealityServer. Fetch counts are the fetcher's calls; request counts what the server got.
 */

const TIMEOUT = 12_345 // request timeouts use the clock too; this value tells them apart
let server: TestServer
let client: RealityClient
let timers: ManualTimers

const make = (options: RealityOptions = {}) => {
  timers = new ManualTimers()
  client = createRealityClient({
    servers: [server.url],
    timeout: TIMEOUT,
    managers: { ...manualManagers(), timers },
    ...options,
  })
  return client
}
/** Delays asked for so far, request timeouts left out. */
const delays = () => timers.delays.filter((ms) => ms !== TIMEOUT)
/** Waits (real time) until nothing is in flight for `key`. */
const settle = async (key: string) => {
  await flush()
  await waitFor(() => !client.getState(key).isSyncing)
  await flush()
}

beforeEach(async () => {
  server = await startRealityServer()
})
afterEach(async () => {
  client.destroy()
  await server.stop()
})

describe('fetch retry', () => {
  it('retries a failing payload fetch after 1 s, 2 s, then recovers', async () => {
    let calls = 0
    const fetcher = async () => {
      calls++
      if (calls <= 2) throw new Error(`down ${calls}`)
      return 'up'
    }
    make()
    client.subscribe('k', () => {}, { fetcher })
    await settle('k')
    expect(calls).toBe(1)
    expect(client.getState('k')).toMatchObject({ status: 'error', data: undefined })
    expect(client.getState('k').error?.message).toBe('down 1')
    expect(delays()).toEqual([1_000])

    timers.advance(999)
    await flush()
    expect(calls).toBe(1)
    timers.advance(1)
    await waitFor(() => calls === 2)
    await settle('k')
    expect(client.getState('k').error?.message).toBe('down 2')
    expect(delays()).toEqual([1_000, 2_000])

    timers.advance(2_000)
    await waitFor(() => client.getState('k').data === 'up')
    expect(client.getState('k')).toMatchObject({ status: 'idle', error: null })
    expect(calls).toBe(3)
    // Recovered: no retry left armed; the failure count starts over.
    expect(timers.pending).toBe(0)
  })

  it('stops after the last retry, and fetchRetry: () => false never retries', async () => {
    let calls = 0
    make()
    client.subscribe('k', () => {}, {
      fetcher: async () => {
        calls++
        throw new Error('down')
      },
    })
    await settle('k')
    for (const delay of [1_000, 2_000, 4_000]) {
      const before = calls
      timers.advance(delay)
      await waitFor(() => calls === before + 1)
      await settle('k')
    }
    expect(calls).toBe(4)
    expect(delays()).toEqual([1_000, 2_000, 4_000])
    expect(timers.pending).toBe(0)
    expect(client.getState('k').status).toBe('error')
    client.destroy()

    let once = 0
    make({ fetchRetry: () => false })
    client.subscribe('j', () => {}, {
      fetcher: async () => {
        once++
        throw new Error('down')
      },
    })
    await settle('j')
    expect(once).toBe(1)
    expect(timers.pending).toBe(0)
  })
})

describe('gcTime', () => {
  it('drops the entries of unsubscribed keys after gcTime, not before', async () => {
    make({ gcTime: 60_000 })
    const keys = Array.from({ length: 50 }, (_, i) => `item:${i}`)
    const baseline = Object.keys(client.getKnownVersions()).length
    for (const key of keys) await server.reality.updateNode(key, `h-${key}`)
    const offs = keys.map((key) => client.subscribe(key, () => {}, { fetcher: async () => key }))
    await waitFor(() => keys.every((key) => client.getState(key).data === key))
    expect(Object.keys(client.getKnownVersions())).toHaveLength(baseline + keys.length)

    for (const off of offs) off()
    expect(timers.pending).toBe(keys.length)
    timers.advance(59_999)
    expect(Object.keys(client.getKnownVersions())).toHaveLength(baseline + keys.length)
    timers.advance(1)
    expect(Object.keys(client.getKnownVersions())).toHaveLength(baseline)
    expect(timers.pending).toBe(0)
    // A later read starts from nothing.
    expect(client.getState('item:0').data).toBeUndefined()
  })

  it('a new subscriber before gcTime keeps the entry and its data', async () => {
    make({ gcTime: 60_000 })
    await server.reality.updateNode('k', 'h1')
    let calls = 0
    const fetcher = async () => ++calls
    const off = client.subscribe('k', () => {}, { fetcher })
    await waitFor(() => client.getState('k').data === 1)
    off()
    timers.advance(30_000)
    client.subscribe('k', () => {}, { fetcher })
    timers.advance(60_000)
    await settle('k')
    expect(client.getState('k').data).toBe(1)
    expect(calls).toBe(1) // same version: not fetched again
  })
})

describe('setData', () => {
  it('writes into the cache without a fetch or a request; the next change refetches', async () => {
    make()
    await server.reality.updateNode('posts', 'h1')
    let calls = 0
    const seen: unknown[] = []
    client.subscribe('posts', (state) => seen.push(state.data), {
      fetcher: async () => {
        calls++
        return ['first']
      },
    })
    await waitFor(() => calls === 1 && !client.getState('posts').isSyncing)
    const requests = server.requests.length

    client.setData<string[]>('posts', (posts) => [...(posts ?? []), 'created'])
    expect(client.getState('posts').data).toEqual(['first', 'created'])
    expect(seen.at(-1)).toEqual(['first', 'created'])
    await client.syncKeys(['posts']) // barrier: a sync of the unchanged key fetches nothing
    expect(calls).toBe(1)
    expect(server.requests).toHaveLength(requests + 1)
    expect(client.getState('posts').data).toEqual(['first', 'created'])

    await server.reality.updateNode('posts', 'h2')
    await client.syncKeys(['posts'])
    expect(calls).toBe(2)
    expect(client.getState('posts').data).toEqual(['first'])
  })

  it('loads a key nobody subscribed to, which then needs no first fetch', async () => {
    make()
    client.setData('user:1', { name: 'Ada' })
    expect(client.getState('user:1')).toMatchObject({ data: { name: 'Ada' }, isLoading: false })
    let calls = 0
    client.subscribe('user:1', () => {}, { fetcher: async () => ++calls })
    await settle('user:1')
    expect(calls).toBe(0)
  })
})

describe('pause / resume', () => {
  it('sends nothing while paused, then syncs every subscribed key on resume', async () => {
    make({ freshness: true })
    client.subscribe('a', () => {})
    await settle('a')
    const before = server.requests.length
    client.pause()

    client.subscribe('b', () => {})
    await client.syncAll()
    await client.invalidate(['a'])
    while (timers.pending) timers.advance(timers.nextDelay ?? 0) // freshness ticks find nothing to send
    await flush()
    expect(server.requests).toHaveLength(before)
    expect(timers.pending).toBe(0) // and do not re-arm

    await client.resume()
    expect(server.requests).toHaveLength(before + 1)
    expect(server.requests.at(-1)).toMatchObject({ hint: 'reconnect', known: { a: 0, b: 0 } })
    expect(timers.pending).toBe(1) // the freshness cadence runs again
  })

  it('holds fetch retries while paused', async () => {
    let calls = 0
    make()
    client.subscribe('k', () => {}, {
      fetcher: async () => {
        calls++
        if (calls === 1) throw new Error('down')
        return 'up'
      },
    })
    await settle('k')
    client.pause()
    timers.advance(1_000)
    await flush()
    expect(calls).toBe(1)
    await client.resume()
    expect(calls).toBe(2)
    expect(client.getState('k').data).toBe('up')
  })
})
