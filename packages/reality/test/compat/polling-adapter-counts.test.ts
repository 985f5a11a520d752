import { waitFor } from '@reality-internal/test-utils'
import { createPollingAdapter, type PollingAdapter } from '@rootlodge/reality/compat'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type AppServer, startAppServer } from '../react/support/app-server'
import { flush } from '../support/deferred'
import { manualManagers } from '../support/managers'
import { ManualTimers } from '../support/manual-timers'

/*
 * What createPollingAdapter costs, counted by a real app server over HTTP: version checks on a deterministic clock
 * (ManualTimers fire only when the test advances them), payload GETs only when the version changed, conditional.
 */

const INTERVAL = 2_000
const TIMEOUT = 12_345 // the request timeout also uses the clock; this value tells it apart from the poll timer
let app: AppServer
let timers: ManualTimers
let managers: ReturnType<typeof manualManagers>
let adapter: PollingAdapter
let seen: unknown[]

const syncsOf = (key: string) => app.syncRequests().filter((request) => key in request.known).length
/** The poll timer is armed and nothing else is pending: the last sync and its fetch are done. */
const idle = () => timers.pending === 1 && timers.nextDelay === INTERVAL

const start = async (key: string) => {
  timers = new ManualTimers()
  managers = { ...manualManagers(), timers }
  seen = []
  adapter = createPollingAdapter({
    key,
    servers: [app.url],
    realityEndpoint: '/reality/sync',
    payloadEndpoint: `${app.url}/api/${key}`,
    interval: INTERVAL,
    timeout: TIMEOUT,
    managers,
    onData: (data) => seen.push(data),
  })
  adapter.start()
  await waitFor(() => seen.length === 1 && idle())
}

/** Fires the poll timer and waits for its sync (and the payload it brings, when `delivers`). */
const poll = async (key: string, delivers = false) => {
  const syncs = syncsOf(key)
  const delivered = seen.length
  timers.advance(INTERVAL)
  await waitFor(() => syncsOf(key) === syncs + 1 && seen.length === delivered + (delivers ? 1 : 0) && idle())
}

beforeEach(async () => {
  app = await startAppServer()
})
afterEach(async () => {
  adapter?.stop()
  await app.close()
})

describe('createPollingAdapter over HTTP', () => {
  it('over 100 intervals with 5 changes makes 100 version checks and exactly 5 payload fetches', async () => {
    await app.publish('feed', ['v0'], 'feed')
    await start('feed')
    expect(app.payloadCount('feed')).toBe(1) // the first load
    const changesAt = new Set([7, 23, 50, 51, 99])
    for (let interval = 1; interval <= 100; interval++) {
      if (changesAt.has(interval)) await app.publish('feed', [`v${interval}`], 'feed')
      await poll('feed', changesAt.has(interval))
    }
    expect(syncsOf('feed')).toBe(101)
    expect(app.payloadCount('feed') - 1).toBe(5)
    expect(seen).toEqual([['v0'], ['v7'], ['v23'], ['v50'], ['v51'], ['v99']])
  })

  it('sends zero requests while hidden, then one check and one fetch for what changed meanwhile', async () => {
    await app.publish('inbox', ['a'], 'inbox')
    await start('inbox')
    await poll('inbox')
    managers.visibility.set(false)
    expect(timers.pending).toBe(0)
    const syncs = app.syncCount()
    await app.publish('inbox', ['a', 'b'], 'inbox')
    timers.advance(100 * INTERVAL)
    await flush()
    expect(app.syncCount()).toBe(syncs)
    expect(app.payloadCount('inbox')).toBe(1)
    expect(timers.pending).toBe(0)

    managers.visibility.set(true)
    await waitFor(() => seen.length === 2 && idle())
    expect(app.syncCount()).toBe(syncs + 1)
    expect(app.payloadCount('inbox')).toBe(2)
    expect(seen[1]).toEqual(['a', 'b'])
  })

  it('revalidates the payload: a 304 keeps the data held, without calling onData', async () => {
    await app.publish('board', { cards: 1 }, 'board')
    await start('board')
    // The version moves but the payload's bytes do not (invalidated without a new hash).
    await app.reality.invalidate('board')
    await poll('board')
    await waitFor(() => app.notModifiedCount('board') === 1)
    expect(app.payloadCount('board')).toBe(1)
    expect(seen).toEqual([{ cards: 1 }])

    await app.publish('board', { cards: 2 }, 'board')
    await poll('board', true)
    expect(app.payloadCount('board')).toBe(2)
    expect(app.notModifiedCount('board')).toBe(1)
    expect(seen).toEqual([{ cards: 1 }, { cards: 2 }])
  })
})
