import type { AppStateLike } from '@rootlodge/reality/native'

/** The states React Native's AppState reports. */
export type AppStateStatus = 'active' | 'background' | 'inactive'

/**
 * Stands in for React Native's `AppState` as the source of app-state events, and only that: the test moves the app
 * to the background and back, as the OS would. Everything downstream (managers, client, HTTP, server) is real.
 */
export class FakeAppState implements AppStateLike {
  currentState: AppStateStatus = 'active'
  readonly #listeners = new Set<(state: string) => void>()

  addEventListener(_type: 'change', listener: (state: string) => void): { remove(): void } {
    this.#listeners.add(listener)
    return { remove: () => void this.#listeners.delete(listener) }
  }

  /** Moves the app to `state` and tells every listener, as a transition of the real app would. */
  set(state: AppStateStatus): void {
    if (state === this.currentState) return
    this.currentState = state
    for (const listener of [...this.#listeners]) listener(state)
  }
}

/** The instance the test's `jest.mock` of React Native's AppState module hands out. */
export const fakeAppState = new FakeAppState()
