import { createElement, type ReactNode, useRef } from 'react'
import { createRealityClient, type RealityClient } from '../core/client'
import type { RealityOptions } from '../core/types'
import type { HeadersOption } from '../transport/types'
import { RealityContext } from './context'
import { useLatest } from './use-latest'

/** Props of `RealityProvider`: a ready `client`, or the options to create one (`endpoint`, `servers`, …). */
export type RealityProviderProps = RealityOptions & {
  /** A client you created (shared with non-React code, or one per test); the other props are then ignored. */
  client?: RealityClient | undefined
  /** The tree whose hooks use this client. */
  children?: ReactNode | undefined
}

/**
 * Makes a Reality client available to the hooks below it. Without `client`, it creates one from its props
 * on first render and keeps it for its lifetime. Later `headers` reach the next request (a rotated token needs no
 * remount); other prop changes are ignored: remount with a new `key` to switch servers. A client holds no listener or timer while no key is subscribed, so nothing needs
 * tearing down when the provider unmounts, and StrictMode's double mount is harmless.
 *
 * @example
 * <RealityProvider endpoint="/reality/sync">
 *   <Chat />
 * </RealityProvider>
 */
export const RealityProvider = ({ client, children, ...options }: RealityProviderProps) => {
  const owned = useRef<RealityClient | null>(null)
  const headers = useLatest<HeadersOption | undefined>(options.headers)
  // Lazy, side-effect-free creation: a render StrictMode discards leaves nothing behind.
  if (!client && !owned.current)
    owned.current = createRealityClient({
      ...options,
      headers: () => {
        const current = headers.current
        return typeof current === 'function' ? current() : (current ?? {})
      },
    })
  return createElement(RealityContext.Provider, { value: client ?? owned.current }, children)
}
