// @vitest-environment jsdom
import { createRealityClient, FocusManager } from '@rootlodge/reality'
import { RealityEventSource } from '@rootlodge/reality/compat'
import { waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { AppServer } from '../react/support/app-server'
import { openAppPage, refocusWindow } from '../react/support/browser-page'

let app: AppServer

openAppPage((started) => {
  app = started
})

const syncsWith = (key: string, hint?: string) =>
  app.syncRequests().filter((request) => key in request.known && (!hint || request.hint === hint))

describe('RealityEventSource', () => {
  it('is the API guide snippet: a message at start and one per change, over short requests only', async () => {
    await app.publish('events', { n: 1 }, '/events')
    const received: MessageEvent<string>[] = []
    let opened = 0

    const focus = new FocusManager() // browser-backed, like the default; lets the test see its listeners

    // Drop-in replacement for EventSource (the guide's snippet, plus `managers`; the handler collects instead of logging)
    const es = new RealityEventSource('/events', {
      realityEndpoint: '/reality/sync',
      managers: { focus },
    })

    es.onmessage = (event) => {
      received.push(event)
    }
    es.addEventListener('open', () => opened++)

    expect(es.readyState).toBe(RealityEventSource.CONNECTING)
    expect(es.url).toBe(`${app.url}/events`)
    await waitFor(() => expect(received.map((event) => event.data)).toEqual(['{"n":1}']))
    expect(es.readyState).toBe(es.OPEN)
    expect(opened).toBe(1)
    expect(received[0].lastEventId).toBe(String((await app.reality.getNode('/events'))!.version))
    expect(received[0].origin).toBe(app.url)

    await app.publish('events', { n: 2 }, '/events')
    refocusWindow()
    await waitFor(() => expect(received.map((event) => event.data)).toEqual(['{"n":1}', '{"n":2}']))
    expect(app.payloadCount('events')).toBe(2)

    es.close()
    expect(es.readyState).toBe(RealityEventSource.CLOSED)
    expect(focus.hasListeners()).toBe(false) // its own client is gone with it
    const before = syncsWith('/events').length
    refocusWindow()
    expect(syncsWith('/events')).toHaveLength(before)
  })

  it('sends no payload request while the version is unchanged (shared client, custom key)', async () => {
    await app.publish('feed', ['a'], 'feed:key')
    const client = createRealityClient({ endpoint: '/reality/sync' })
    const es = new RealityEventSource('/api/feed', { client, key: 'feed:key' })
    const data: string[] = []
    es.addEventListener('message', (event) => data.push((event as MessageEvent<string>).data))
    await waitFor(() => expect(data).toEqual(['["a"]']))

    await client.syncKeys(['feed:key'], 'focus')
    await client.syncKeys(['feed:key'], 'focus')
    expect(syncsWith('feed:key')).toHaveLength(3)
    expect(app.payloadCount('feed')).toBe(1)
    expect(data).toHaveLength(1)
    es.close()
    client.destroy()
  })

  it('fires error and returns to CONNECTING when syncing fails, then OPEN again once it works', async () => {
    await app.publish('flaky', 'x', '/flaky')
    let endpoint = '/nowhere/sync'
    const es = new RealityEventSource('/flaky', {
      realityEndpoint: '/reality/sync',
      maxRetries: 0,
      // Points the sync at a path that answers 404 until the test "repairs" it.
      fetch: (input, init) => fetch(String(input).replace('/reality/sync', endpoint), init),
    })
    const events: string[] = []
    es.onerror = () => events.push(`error:${es.readyState}`)
    es.onopen = () => events.push(`open:${es.readyState}`)
    es.onmessage = (event) => events.push(`message:${event.data}`)
    await waitFor(() => expect(events).toEqual(['error:0']))

    endpoint = '/reality/sync'
    refocusWindow()
    await waitFor(() => expect(events).toEqual(['error:0', 'open:1', 'message:"x"']))
    es.close()
  })
})
