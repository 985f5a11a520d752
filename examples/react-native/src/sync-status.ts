import type { RealityStatus } from '@rootlodge/reality'

const LABELS: Record<RealityStatus, string> = {
  loading: 'connecting…',
  syncing: 'syncing…',
  stale: 'updating…',
  error: 'offline, retrying',
  idle: 'live',
}

/** What the header says about the room's sync state. */
export const syncStatusLabel = (status: RealityStatus): string => LABELS[status]
