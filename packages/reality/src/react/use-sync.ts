import { useMemo } from 'react'
import type { SyncHint } from '../protocol'
import { useRealityClient } from './context'

/** Manual sync controls of the provider's client. */
export interface UseSyncResult {
  /** Syncs every subscribed key in one request (default hint `'interaction'`). */
  syncAll: (hint?: SyncHint) => Promise<void>
  /** Syncs `keys` in one request (default hint `'interaction'`). */
  syncKeys: (keys: string[], hint?: SyncHint) => Promise<void>
}

/**
 * Manual sync controls, stable across renders. The promises never reject: failures land in each key's `error`.
 *
 * @example
 * const { syncAll } = useSync()
 * return <button onClick={() => syncAll()}>Refresh</button>
 */
export const useSync = (): UseSyncResult => {
  const client = useRealityClient()
  return useMemo(
    () => ({
      syncAll: (hint: SyncHint = 'interaction') => client.syncAll(hint),
      syncKeys: (keys: string[], hint: SyncHint = 'interaction') => client.syncKeys(keys, hint),
    }),
    [client],
  )
}
