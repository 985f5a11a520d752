import { waitFor } from '@reality-internal/test-utils'
import { createRealityClient, type RealityClient, type RealityOptions } from '@rootlodge/reality'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flush } from './support/deferred'
import { manualManagers } from './support/managers'
import { ManualTimers } from './support/manual-timers'
import { startRealityServer, type TestServer } from './support/reality-server'

/*
 * Visible-tab freshness and polling-compat, on a deterministic clock (ManualTimers) with real HTTP to a real server.
 * Request counts are what the server received.
 */

const TIMEOUT = 12_345 // request timeouts also use the clock; this value tells them apart from cadence timers
let server: TestServer
let client: RealityClient
let timers: ManualTimers
let managers: ReturnType<typeof manualManagers>

const make = (options: RealityOptions) => {
  timers = new ManualTimers()
  managers = { ...manualManagers(), timers }
  client = createRealityClient({ servers: [server.url], timeout: TIMEOUT, managers, ...options })
  return client
}
/** Cadence delays asked for so far. */
const cadence = () => timers.delays.filter((ms) => ms !== TIMEOUT)
/** Waits (real time) until no key is syncing. */
const settle = async (keys: string[]) => {
  await flush()
  await waitFor(() => keys.every((key) => !client.getState(key).isSyncing))
  await flush()
}
/** Fires the next timer and waits for the sync it starts. */
const tick = async (keys: string[]) => {
  const delay = timers.nextDelay
  if (delay === undefined) throw new Error('no timer armed')
  timers.advance(delay)
  await settle(keys)
  return delay
}

beforeEach(async () => {
  server = await startRealityServer()
})
afterEach(async () => {
  client?.destroy()
  await server.stop()
})

describe('visible-tab freshness (native mode)', () => {
  it('syncs all subscribed keys in one request per tick, backing off while nothing changes and quick after a change', async () => {
    make({ freshness: true })
    const keys = ['a', 'b', 'c']
    for (const key of keys) client.subscribe(key, () => {})
    await settle(keys)
    for (let i = 0; i < 5; i++) await tick(keys)
    expect(cadence()).toEqual([2_000, 4_000, 8_000, 10_000, 10_000, 10_000])
    expect(server.requests).toHaveLength(6)
    for (const body of server.requests.slice(1)) {
      expect(Object.keys(body.known as object)).toEqual(keys)
      expect(body.hint).toBe('idle')
    }
    await server.reality.updateNode('b', 'new')
    await tick(keys)
    expect(client.getState('b').meta?.hash).toBe('new')
    await tick(keys)
    expect(cadence().slice(6)).toEqual([1_000, 2_000])
  })

  it('makes 6 requests per idle minute at the default bounds', async () => {
    make({ freshness: true })
    client.subscribe('room', () => {})
    await settle(['room'])
    let elapsed = 0
    while (elapsed < 60_000) elapsed += await tick(['room']) // warm up: reach the slowest interval
    const before = server.requests.length
    for (elapsed = 0; elapsed + (timers.nextDelay ?? 0) <= 60_000; ) elapsed += await tick(['room'])
    expect(server.requests.length - before).toBe(6)
  })

  it('lets a passive viewer see a change within maxInterval, payload included', async () => {
    make({ freshness: { minInterval: 250, maxInterval: 1_000 } })
    let fetches = 0
    client.subscribe('chat', () => {}, { fetcher: async () => ++fetches })
    await settle(['chat'])
    for (let i = 0; i < 4; i++) await tick(['chat'])
    expect(timers.nextDelay).toBe(1_000)
    await server.reality.updateNode('chat', 'm1')
    await tick(['chat'])
    await waitFor(() => client.getState('chat').data === 2)
    expect(timers.nextDelay).toBe(250)
  })

  it('sends exactly zero requests while hidden (timer cleared, not skipped) and resumes at once on visible', async () => {
    make({ freshness: true })
    client.subscribe('k', () => {})
    await settle(['k'])
    await tick(['k'])
    expect(timers.pending).toBe(1)
    managers.visibility.set(false)
    expect(timers.pending).toBe(0)
    const before = server.requests.length
    timers.advance(10 * 60_000)
    await flush()
    expect(server.requests).toHaveLength(before)
    expect(timers.pending).toBe(0)
    managers.visibility.set(true)
    await settle(['k'])
    expect(server.requests).toHaveLength(before + 1)
    expect(server.requests.at(-1)?.hint).toBe('focus')
    expect(timers.pending).toBe(1)
    expect(timers.nextDelay).toBe(2_000) // restarted quick
  })

  it('arms no timer when a sync in flight completes after the page was hidden', async () => {
    make({ freshness: true })
    client.subscribe('k', () => {})
    await settle(['k'])
    const release = server.hold()
    timers.advance(timers.nextDelay ?? 0)
    await waitFor(() => server.requests.length === 2)
    managers.visibility.set(false)
    release()
    await settle(['k'])
    expect(timers.pending).toBe(0)
  })

  it('sends nothing while offline and syncs with hint reconnect when back online', async () => {
    make({ freshness: true })
    client.subscribe('k', () => {})
    await settle(['k'])
    managers.online.set(false)
    expect(timers.pending).toBe(0)
    const before = server.requests.length
    timers.advance(5 * 60_000)
    await flush()
    expect(server.requests).toHaveLength(before)
    managers.online.set(true)
    await settle(['k'])
    expect(server.requests.at(-1)?.hint).toBe('reconnect')
    expect(timers.pending).toBe(1)
  })

  it('clears the timer when the last key is unsubscribed', async () => {
    make({ freshness: true, gcTime: Number.POSITIVE_INFINITY })
    const off = client.subscribe('k', () => {})
    await settle(['k'])
    expect(timers.pending).toBe(1)
    off()
    expect(timers.pending).toBe(0)
  })

  it('is off by default: no timer, no idle request', async () => {
    make({})
    client.subscribe('k', () => {})
    await settle(['k'])
    expect(timers.pending).toBe(0)
    timers.advance(60 * 60_000)
    await flush()
    expect(server.requests).toHaveLength(1)
  })
})

describe('polling-compat mode', () => {
  it('syncs on a fixed interval and still skips unchanged payloads', async () => {
    make({ mode: 'polling-compat', pollInterval: 3_000 })
    let fetches = 0
    client.subscribe('feed', () => {}, { fetcher: async () => ++fetches })
    await settle(['feed'])
    for (let i = 0; i < 4; i++) await tick(['feed'])
    expect(cadence()).toEqual([3_000, 3_000, 3_000, 3_000, 3_000])
    expect(server.requests.every((body) => body.mode === 'polling-compat')).toBe(true)
    expect(fetches).toBe(1)
    await server.reality.updateNode('feed', 'x')
    await tick(['feed'])
    await waitFor(() => fetches === 2)
    expect(timers.nextDelay).toBe(3_000)
  })
})

describe('sse-compat mode', () => {
  it('turns visible-tab freshness on: syncs unprompted while visible, zero requests while hidden', async () => {
    make({ mode: 'sse-compat' })
    client.subscribe('feed', () => {})
    await settle(['feed'])
    await tick(['feed'])
    expect(cadence()).toEqual([2_000, 4_000])
    expect(server.requests).toHaveLength(2)
    expect(server.requests.every((body) => body.mode === 'sse-compat')).toBe(true)
    managers.visibility.set(false)
    expect(timers.pending).toBe(0)
    timers.advance(10 * 60_000)
    await flush()
    expect(server.requests).toHaveLength(2)
  })

  it('keeps an explicit freshness setting: false turns the cadence off', async () => {
    make({ mode: 'sse-compat', freshness: false })
    client.subscribe('feed', () => {})
    await settle(['feed'])
    expect(timers.pending).toBe(0)
    expect(server.requests.at(-1)?.mode).toBe('sse-compat')
  })
})
