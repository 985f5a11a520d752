import { createRealityClient, type RealityClient } from '../core/client'
import type { RealityOptions } from '../core/types'

/*
 * Compat objects created with the same plain options share one client, so every `RealityEventSource` of a page
 * syncs in one batched request. Options holding functions or objects with identity (`fetch`, `managers`) get a
 * client of their own: two of those cannot be told equal.
 */

const pool = new Map<string, { client: RealityClient; users: number }>()

const identityOf = (options: RealityOptions): string | undefined => {
  if (options.fetch !== undefined || options.managers !== undefined) return undefined
  return JSON.stringify(Object.entries(options).sort(([a], [b]) => (a < b ? -1 : 1)))
}

/** A client for `options` and the function that gives it back (the last user destroys a shared one). */
export const acquireClient = (options: RealityOptions): { client: RealityClient; release: () => void } => {
  const id = identityOf(options)
  if (id === undefined) {
    const client = createRealityClient(options)
    return { client, release: () => client.destroy() }
  }
  let shared = pool.get(id)
  if (!shared) {
    shared = { client: createRealityClient(options), users: 0 }
    pool.set(id, shared)
  }
  shared.users++
  const entry = shared
  let released = false
  return {
    client: entry.client,
    release: () => {
      if (released) return
      released = true
      if (--entry.users > 0) return
      pool.delete(id)
      entry.client.destroy()
    },
  }
}
