import { useCallback, useSyncExternalStore } from 'react'
import { useRealityClient } from './context'

/**
 * Whether the provider's client considers the network up (its `online` manager: browser `online` / `offline`
 * events by default, NetInfo with `setupReactNative`). Re-renders on each change.
 *
 * @example
 * const online = useOnline()
 * return online ? null : <p>Offline: changes sync when the network is back</p>
 */
export const useOnline = (): boolean => {
  const { online } = useRealityClient().managers
  const subscribe = useCallback((onChange: () => void) => online.subscribe(onChange), [online])
  const get = useCallback(() => online.get(), [online])
  return useSyncExternalStore(subscribe, get, get)
}
