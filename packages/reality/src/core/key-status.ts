import type { RealityStatus } from './types'

/*
 * The status of one key, derived from four facts (never stored, so it cannot drift from them):
 *
 *   error and nothing in flight ──► 'error'      (kept until a sync or fetch succeeds)
 *   no payload loaded yet ────────► 'loading'
 *   sync or fetch in flight ──────► 'syncing'
 *   newer version not loaded ─────► 'stale'
 *   otherwise ────────────────────► 'idle'
 */

export interface KeyFacts {
  /** The payload (or, without a fetcher, the first sync) is in. */
  loaded: boolean
  /** A sync request or payload fetch for the key is in flight or queued. */
  inFlight: boolean
  /** The last sync or fetch failed. */
  failed: boolean
  /** The server reported a version whose payload is not loaded. */
  stale: boolean
}

export const deriveStatus = ({ loaded, inFlight, failed, stale }: KeyFacts): RealityStatus => {
  if (failed && !inFlight) return 'error'
  if (!loaded) return 'loading'
  if (inFlight) return 'syncing'
  return stale ? 'stale' : 'idle'
}
