// @vitest-environment jsdom

import { waitFor } from '@reality-internal/test-utils'
import {
  createRealityClient,
  FocusManager,
  InteractionManager,
  OnlineManager,
  type RealityClient,
  VisibilityManager,
} from '@rootlodge/reality'
import { createEmbeddedRealityServer } from '@rootlodge/reality-server'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flush } from './support/deferred'
import { ManualTimers } from './support/manual-timers'
import { startRealityServer, type TestServer } from './support/reality-server'

/*
 * The browser triggers, through the managers' default DOM event sources (fresh instances per test), against a real
 * server: window focus, visibilitychange, online, and throttled interaction.
 */

let server: TestServer
let client: RealityClient
let timers: ManualTimers

const setVisibility = (state: 'visible' | 'hidden') => {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true })
  document.dispatchEvent(new Event('visibilitychange'))
}
const lastHint = () => server.requests.at(-1)?.hint
const settled = async (count: number) => {
  await waitFor(() => server.requests.length === count)
  await flush()
}

beforeEach(async () => {
  server = await startRealityServer()
  timers = new ManualTimers()
  setVisibility('visible')
  client = createRealityClient({
    servers: [server.url],
    managers: {
      focus: new FocusManager(),
      visibility: new VisibilityManager(),
      online: new OnlineManager(),
      interaction: new InteractionManager(),
      timers,
    },
  })
})
afterEach(async () => {
  client.destroy()
  await server.stop()
})

describe('browser triggers', () => {
  it('syncs on window focus, visible again and online (hint reconnect)', async () => {
    client.subscribe('k', () => {})
    await settled(1)
    window.dispatchEvent(new Event('blur'))
    window.dispatchEvent(new Event('focus'))
    await settled(2)
    expect(lastHint()).toBe('focus')

    setVisibility('hidden')
    await flush()
    expect(server.requests).toHaveLength(2)
    setVisibility('visible')
    await settled(3)
    expect(lastHint()).toBe('focus')

    window.dispatchEvent(new Event('offline'))
    await flush()
    expect(server.requests).toHaveLength(3)
    window.dispatchEvent(new Event('online'))
    await settled(4)
    expect(lastHint()).toBe('reconnect')
  })

  it('syncs on interaction at most once per interactionThrottle', async () => {
    client.subscribe('k', () => {})
    await settled(1)
    window.dispatchEvent(new Event('pointerdown'))
    await settled(2)
    expect(lastHint()).toBe('interaction')
    window.dispatchEvent(new Event('keydown'))
    window.dispatchEvent(new Event('pointerdown'))
    await flush()
    expect(server.requests).toHaveLength(2)
    timers.advance(5_000)
    window.dispatchEvent(new Event('keydown'))
    await settled(3)
  })

  it('leaves out keys subscribed with refetchOnFocus: false', async () => {
    client.subscribe('quiet', () => {}, { refetchOnFocus: false })
    client.subscribe('loud', () => {})
    await settled(1)
    window.dispatchEvent(new Event('blur'))
    window.dispatchEvent(new Event('focus'))
    await settled(2)
    expect(server.requests[1].known).toEqual({ loud: 0 })
  })

  it('removes its DOM listeners when the last key is unsubscribed', async () => {
    const off = client.subscribe('k', () => {})
    await settled(1)
    off()
    window.dispatchEvent(new Event('blur'))
    window.dispatchEvent(new Event('focus'))
    window.dispatchEvent(new Event('online'))
    window.dispatchEvent(new Event('pointerdown'))
    setVisibility('visible')
    await flush()
    expect(server.requests).toHaveLength(1)
  })

  it('with freshness, a hidden tab sends exactly zero requests and a visible one resumes at once', async () => {
    client.destroy()
    client = createRealityClient({
      servers: [server.url],
      freshness: true,
      managers: {
        visibility: new VisibilityManager(),
        focus: new FocusManager(),
        online: new OnlineManager(),
        interaction: new InteractionManager(),
        timers,
      },
    })
    client.subscribe('k', () => {})
    await settled(1)
    expect(timers.pending).toBe(1)
    setVisibility('hidden')
    expect(timers.pending).toBe(0)
    timers.advance(60 * 60_000)
    await flush()
    expect(server.requests).toHaveLength(1)
    setVisibility('visible')
    await settled(2)
    expect(lastHint()).toBe('focus')
    await waitFor(() => timers.pending === 1)
  })

  it('uses HTTP in a browser under executionMode auto, even with an embedded server registered', async () => {
    const embedded = createEmbeddedRealityServer({ serverId: 'dom-embedded' })
    try {
      expect(client.getExecutionMode()).toBe('client')
    } finally {
      await embedded.close()
    }
  })
})
