// @vitest-environment jsdom
import { FocusManager } from '@rootlodge/reality'
import { RealityEventSource } from '@rootlodge/reality/compat'
import { cursorKeys, decodeSSECursor } from '@rootlodge/reality/types'
import { waitFor } from '@testing-library/react'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPageAt, refocusWindow } from '../react/support/browser-page'
import { type SSEServer, startSSEServer } from './sse-server'

/*
 * RealityEventSource against the EventSource contract, over real HTTP to a real server: readyState and its
 * transitions, open/message/error, named events, lastEventId, close(). Pointed at handleSSECompat endpoints, mapped
 * to keys, and pointed at a plain streaming SSE endpoint.
 */

let app: SSEServer
let closePage = (): void => {}
beforeAll(async () => {
  app = await startSSEServer()
  closePage = openPageAt(app.url)
})
afterAll(async () => {
  closePage()
  await app.close()
})

const version = (event: MessageEvent<string>): number => (JSON.parse(event.data) as { version: number }).version
const focusSyncsWith = (...keys: string[]) =>
  app.syncRequests().filter((request) => request.hint === 'focus' && keys.every((key) => key in request.known))

describe('RealityEventSource pointed at a handleSSECompat endpoint', () => {
  it('is the API guide snippet: open, then a message per change, each with its cursor as lastEventId', async () => {
    app.endpoint('/events', { keys: ['notifications:all'] })
    const first = await app.reality.invalidate('notifications:all')
    const log: string[] = []
    const received: MessageEvent<string>[] = []
    const focus = new FocusManager() // browser-backed like the default; lets the test see its client is gone

    // Drop-in replacement for EventSource (the guide's snippet, plus `managers`; the handler collects)
    const es = new RealityEventSource('/events', {
      realityEndpoint: '/reality/sync',
      managers: { focus },
    })

    es.onmessage = (event) => {
      received.push(event)
      log.push(`message:${es.readyState}`)
    }
    es.onopen = () => log.push(`open:${es.readyState}`)
    es.onerror = () => log.push(`error:${es.readyState}`)

    expect(es.readyState).toBe(RealityEventSource.CONNECTING)
    expect([es.CONNECTING, es.OPEN, es.CLOSED]).toEqual([0, 1, 2])
    expect(es.url).toBe(`${app.url}/events`)
    expect(es.withCredentials).toBe(false)
    await waitFor(() => expect(log).toEqual(['open:1', 'message:1']))
    expect(version(received[0])).toBe(first.version)
    expect(received[0].origin).toBe(app.url)
    const keys = cursorKeys(['notifications:all'])
    expect(decodeSSECursor(received[0].lastEventId, keys)?.get('notifications:all')).toBe(first.version)

    const second = await app.reality.invalidate('notifications:all')
    refocusWindow()
    await waitFor(() => expect(received.map(version)).toEqual([first.version, second.version]))
    // The second request carried the first event's id: the endpoint sent only what was new.
    expect(app.gets('/events')).toEqual([undefined, received[0].lastEventId])
    expect(log).toEqual(['open:1', 'message:1', 'message:1'])

    es.close()
    expect(es.readyState).toBe(RealityEventSource.CLOSED)
    expect(focus.hasListeners()).toBe(false)
  })

  it('dispatches named events to their listeners, in the order of the changes, until removed', async () => {
    const payloads: Record<string, string> = { 'room:a': 'hello\nworld', 'room:b': 'plain' }
    app.endpoint('/rooms', {
      keys: ['room:a', 'room:b'],
      event: { 'room:a': 'chat' },
      payload: (key) => payloads[key],
    })
    const es = new RealityEventSource('/rooms', { realityEndpoint: '/reality/sync' })
    const log: string[] = []
    const chat = (event: Event) => log.push(`chat:${(event as MessageEvent<string>).data}`)
    es.addEventListener('chat', chat)
    es.onmessage = (event) => log.push(`message:${event.data}`)
    await waitFor(() => expect(es.readyState).toBe(es.OPEN))

    await app.reality.invalidate('room:b')
    await app.reality.invalidate('room:a')
    refocusWindow()
    await waitFor(() => expect(log).toEqual(['message:plain', 'chat:hello\nworld']))

    es.removeEventListener('chat', chat)
    payloads['room:b'] = 'after'
    await app.reality.invalidate('room:a')
    await app.reality.invalidate('room:b')
    refocusWindow()
    await waitFor(() => expect(log).toEqual(['message:plain', 'chat:hello\nworld', 'message:after']))
    es.close()
  })

  it('shares one batched sync for every instance and requests only the endpoint whose keys changed', async () => {
    app.endpoint('/left', { keys: ['side:left'] })
    app.endpoint('/right', { keys: ['side:right'] })
    const left = new RealityEventSource('/left', { realityEndpoint: '/reality/sync' })
    const right = new RealityEventSource('/right', { realityEndpoint: '/reality/sync' })
    const seen: string[] = []
    left.onmessage = (event) => seen.push(`left:${version(event)}`)
    right.onmessage = (event) => seen.push(`right:${version(event)}`)
    await waitFor(() => expect([left.readyState, right.readyState]).toEqual([1, 1]))
    // Both have subscribed their endpoint's keys (learned from the first answer) once a sync covered them.
    await waitFor(() => expect(app.syncRequests().some((r) => 'side:right' in r.known)).toBe(true))
    await waitFor(() => expect(app.syncRequests().some((r) => 'side:left' in r.known)).toBe(true))

    const changed = await app.reality.invalidate('side:right')
    const before = focusSyncsWith('side:left', 'side:right').length
    refocusWindow()
    await waitFor(() => expect(seen).toEqual([`right:${changed.version}`]))
    expect(focusSyncsWith('side:left', 'side:right')).toHaveLength(before + 1)
    expect(app.gets('/left')).toHaveLength(1)
    expect(app.gets('/right')).toHaveLength(2)
    left.close()
    right.close()
  })

  it('fires error and returns to CONNECTING while syncs fail, then checks the endpoint and is OPEN again', async () => {
    app.endpoint('/flaky', { keys: ['flaky:k'] })
    let syncPath = '/reality/sync'
    const es = new RealityEventSource('/flaky', {
      realityEndpoint: '/reality/sync',
      maxRetries: 0,
      // Sends the syncs to a path that answers 500 while the test has it "broken".
      fetch: (input, init) => fetch(String(input).replace('/reality/sync', syncPath), init),
    })
    const log: string[] = []
    es.onopen = () => log.push(`open:${es.readyState}`)
    es.onerror = () => log.push(`error:${es.readyState}`)
    es.onmessage = (event) => log.push(`message:${version(event)}`)
    await waitFor(() => expect(log).toEqual(['open:1']))
    await waitFor(() => expect(app.syncRequests().some((r) => 'flaky:k' in r.known)).toBe(true))

    syncPath = '/nowhere/sync'
    refocusWindow()
    await waitFor(() => expect(log).toEqual(['open:1', 'error:0']))
    const { version: changed } = await app.reality.invalidate('flaky:k')
    syncPath = '/reality/sync'
    refocusWindow()
    await waitFor(() => expect(log).toEqual(['open:1', 'error:0', 'open:1', `message:${changed}`]))
    es.close()
  })

  it('fails for good on an answer that is not an event stream: error, CLOSED, no retry', async () => {
    const es = new RealityEventSource('/broken', { realityEndpoint: '/reality/sync' })
    const log: string[] = []
    es.onerror = () => log.push(`error:${es.readyState}`)
    es.onopen = () => log.push('open')
    await waitFor(() => expect(log).toEqual(['error:2']))
    expect(app.gets('/broken')).toHaveLength(1)
  })
})

describe('RealityEventSource mapped to keys', () => {
  it('makes events from the syncs alone, oldest change first, named by `event`, without requesting the URL', async () => {
    const a = await app.reality.invalidate('mapped:a')
    const b = await app.reality.invalidate('mapped:b')
    const es = new RealityEventSource('/mapped', {
      realityEndpoint: '/reality/sync',
      keys: ['mapped:b', 'mapped:a'],
      event: { 'mapped:b': 'bee' },
    })
    const log: string[] = []
    es.onopen = () => log.push(`open:${es.readyState}`)
    es.onmessage = (event) => log.push(`message:${version(event)}`)
    es.addEventListener('bee', (event) => log.push(`bee:${version(event)}`))
    await waitFor(() => expect(log).toEqual(['open:1', `message:${a.version}`, `bee:${b.version}`]))

    const next = await app.reality.invalidate('mapped:a')
    const events: MessageEvent<string>[] = []
    es.addEventListener('message', (event) => events.push(event))
    refocusWindow()
    await waitFor(() => expect(events.map(version)).toEqual([next.version]))
    const cursor = decodeSSECursor(events[0].lastEventId, cursorKeys(['mapped:a', 'mapped:b']))
    expect(Object.fromEntries(cursor ?? [])).toEqual({ 'mapped:a': next.version, 'mapped:b': b.version })
    expect(app.gets('/mapped')).toEqual([])
    es.close()
  })
})

describe('RealityEventSource pointed at a plain streaming SSE endpoint', () => {
  it('dispatches events as they arrive (named ones too), and close() ends the held request', async () => {
    const es = new RealityEventSource('/legacy', { realityEndpoint: '/reality/sync' })
    const log: string[] = []
    es.onopen = () => log.push('open')
    es.onmessage = (event) => log.push(`message:${event.data}:${event.lastEventId}`)
    es.addEventListener('ping', (event) => log.push(`ping:${event.data}`))
    await waitFor(() => expect(app.legacyOpen()).toBe(1))
    await waitFor(() => expect(log).toEqual(['open']))
    app.legacy('id: 7\ndata: hello\n\n')
    await waitFor(() => expect(log).toEqual(['open', 'message:hello:7']))
    app.legacy('event: ping\ndata: a\ndata: b\n\n')
    await waitFor(() => expect(log).toEqual(['open', 'message:hello:7', 'ping:a\nb']))

    es.close()
    expect(es.readyState).toBe(es.CLOSED)
    await waitFor(() => expect(app.legacyOpen()).toBe(0))
  })
})
