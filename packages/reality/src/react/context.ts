import { createContext, useContext } from 'react'
import type { RealityClient } from '../core/client'

/** The client of the nearest `RealityProvider`; `null` outside of one. */
export const RealityContext = /* @__PURE__ */ createContext<RealityClient | null>(null)

/**
 * The `RealityClient` of the nearest `RealityProvider`, for what the hooks do not cover.
 *
 * @example
 * const client = useRealityClient()
 * await client.invalidate(['posts'])
 */
export const useRealityClient = (): RealityClient => {
  const client = useContext(RealityContext)
  if (!client) throw new Error('useRealityClient: no <RealityProvider> above this component')
  return client
}
