/**
 * Wires React Native's `AppState` and a NetInfo-like network listener into the
 * client's managers. Wiring only: pass the modules in, nothing is imported or patched at import time.
 *
 * @module @rootlodge/reality/native
 */

import type { RealityManagers } from '../core/types'
import { focusManager } from '../managers/focus-manager'
import { onlineManager } from '../managers/online-manager'
import { visibilityManager } from '../managers/visibility-manager'

type Removable = { remove(): void } | (() => void) | undefined

const removal =
  (handle: Removable): (() => void) =>
  () => {
    if (typeof handle === 'function') handle()
    else handle?.remove()
  }

/** The part of React Native's `AppState` used here. */
export interface AppStateLike {
  /** The state at setup (`active`, `background`, `inactive`): applied at once when it is a string. */
  currentState?: unknown
  /** Listens for foreground changes; the returned subscription (or function) removes the listener. */
  addEventListener(type: 'change', listener: (state: string) => void): Removable
}

/** The part of `@react-native-community/netinfo` used here. */
export interface NetInfoLike {
  /** Listens for network changes; returns what removes the listener. */
  addEventListener(
    listener: (state: { isConnected: boolean | null; isInternetReachable?: boolean | null }) => void,
  ): Removable
}

/**
 * Makes the app's foreground state drive focus and visibility (`active` → focused and visible: sync now;
 * `background`/`inactive` → hidden: no freshness request is sent) and the network listener drive the online state
 * (regained → sync with hint `reconnect`). Applies to the shared default managers, or to a client's own.
 *
 * @example
 * import { AppState } from 'react-native'
 * import NetInfo from '@react-native-community/netinfo'
 * import { setupReactNative } from '@rootlodge/reality/native'
 *
 * setupReactNative({ AppState, NetInfo })
 */
export const setupReactNative = (
  modules: { AppState: AppStateLike; NetInfo?: NetInfoLike },
  managers: Partial<Pick<RealityManagers, 'focus' | 'visibility' | 'online'>> = {},
): void => {
  const { AppState, NetInfo } = modules
  const foreground = (set: (active: boolean) => void) => {
    // Only a real state string counts: Jest's react-native preset mocks currentState as a function.
    if (typeof AppState.currentState === 'string') set(AppState.currentState === 'active')
    return removal(AppState.addEventListener('change', (state) => set(state === 'active')))
  }
  ;(managers.focus ?? focusManager).setEventListener(foreground)
  ;(managers.visibility ?? visibilityManager).setEventListener(foreground)
  if (NetInfo) {
    ;(managers.online ?? onlineManager).setEventListener((setOnline) =>
      removal(
        NetInfo.addEventListener((state) =>
          setOnline(state.isConnected !== false && state.isInternetReachable !== false),
        ),
      ),
    )
  }
}
