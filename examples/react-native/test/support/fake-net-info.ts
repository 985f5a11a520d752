import type { NetInfoLike } from '@rootlodge/reality/native'

type NetState = { isConnected: boolean | null; isInternetReachable: boolean | null }
type Listener = (state: NetState) => void

/**
 * Stands in for `@react-native-community/netinfo` (a native module Jest cannot load) as the source of network
 * events: the test takes the phone offline and brings it back.
 */
export class FakeNetInfo implements NetInfoLike {
  #state: NetState = { isConnected: true, isInternetReachable: true }
  readonly #listeners = new Set<Listener>()

  addEventListener(listener: Listener): () => void {
    this.#listeners.add(listener)
    // Like NetInfo, report the current state soon after subscribing.
    queueMicrotask(() => {
      if (this.#listeners.has(listener)) listener(this.#state)
    })
    return () => void this.#listeners.delete(listener)
  }

  /** Connects or disconnects the phone and tells every listener. */
  set(connected: boolean): void {
    if (connected === this.#state.isConnected) return
    this.#state = { isConnected: connected, isInternetReachable: connected }
    for (const listener of [...this.#listeners]) listener(this.#state)
  }
}

/** The instance the test's `jest.mock` of NetInfo hands out. */
export const fakeNetInfo = new FakeNetInfo()
