import { waitFor } from '@reality-internal/test-utils'
import { createRealityClient, type RealityClient } from '@rootlodge/reality'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type AppStateLike, type NetInfoLike, setupReactNative } from '../src/native'
import { flush } from './support/deferred'
import { manualManagers } from './support/managers'
import { ManualTimers } from './support/manual-timers'
import { startRealityServer, type TestServer } from './support/reality-server'

/*
 * @rootlodge/reality/native driven by a fake AppState emitter and a fake NetInfo, against a real server over HTTP.
 */

class FakeAppState implements AppStateLike {
  currentState = 'active'
  listeners = new Set<(state: string) => void>()
  addEventListener(_type: 'change', listener: (state: string) => void) {
    this.listeners.add(listener)
    return { remove: () => this.listeners.delete(listener) }
  }
  go(state: string) {
    this.currentState = state
    for (const listener of this.listeners) listener(state)
  }
}

class FakeNetInfo implements NetInfoLike {
  listeners = new Set<(state: { isConnected: boolean | null; isInternetReachable?: boolean | null }) => void>()
  addEventListener(listener: (state: { isConnected: boolean | null; isInternetReachable?: boolean | null }) => void) {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
  emit(isConnected: boolean, isInternetReachable: boolean | null = null) {
    for (const listener of this.listeners) listener({ isConnected, isInternetReachable })
  }
}

let server: TestServer
let client: RealityClient
let timers: ManualTimers
let appState: FakeAppState
let netInfo: FakeNetInfo

const settled = async (count: number) => {
  await waitFor(() => server.requests.length === count)
  await flush()
  await waitFor(() => !client.getState('k').isSyncing)
}

beforeEach(async () => {
  server = await startRealityServer()
  timers = new ManualTimers()
  appState = new FakeAppState()
  netInfo = new FakeNetInfo()
  const managers = { ...manualManagers(), timers }
  setupReactNative({ AppState: appState, NetInfo: netInfo }, managers)
  client = createRealityClient({ servers: [server.url], freshness: true, managers })
})
afterEach(async () => {
  client.destroy()
  await server.stop()
})

describe('setupReactNative', () => {
  it('sends zero requests while the app is in the background and syncs at once when it is active again', async () => {
    client.subscribe('k', () => {})
    await settled(1)
    expect(appState.listeners.size).toBeGreaterThan(0)
    expect(timers.pending).toBe(1)
    appState.go('background')
    expect(timers.pending).toBe(0)
    timers.advance(30 * 60_000)
    await flush()
    expect(server.requests).toHaveLength(1)

    appState.go('active')
    await settled(2)
    expect(server.requests[1].hint).toBe('focus')
    expect(timers.pending).toBe(1)
  })

  it('treats inactive (iOS app switcher) like background', async () => {
    client.subscribe('k', () => {})
    await settled(1)
    appState.go('inactive')
    timers.advance(10 * 60_000)
    await flush()
    expect(server.requests).toHaveLength(1)
  })

  it('pauses while the network is lost and syncs with hint reconnect when it is back', async () => {
    client.subscribe('k', () => {})
    await settled(1)
    netInfo.emit(false)
    expect(timers.pending).toBe(0)
    timers.advance(10 * 60_000)
    await flush()
    expect(server.requests).toHaveLength(1)
    netInfo.emit(true, true)
    await settled(2)
    expect(server.requests[1].hint).toBe('reconnect')
  })

  it('reads the app state at install: a client subscribed while in background stays quiet after its mount sync', async () => {
    appState.currentState = 'background'
    client.subscribe('k', () => {})
    await settled(1) // the mount sync itself is the app's own request
    expect(timers.pending).toBe(0)
  })

  it('ignores a currentState that is not a state string (the Jest preset mocks it as a function)', async () => {
    ;(appState as { currentState: unknown }).currentState = () => 'background'
    client.subscribe('k', () => {})
    await settled(1)
    expect(timers.pending).toBe(1) // still treated as foreground: freshness is armed
  })

  it('removes its AppState and NetInfo listeners when the last key is unsubscribed', async () => {
    const off = client.subscribe('k', () => {})
    await settled(1)
    off()
    expect(appState.listeners.size).toBe(0)
    expect(netInfo.listeners.size).toBe(0)
  })
})
