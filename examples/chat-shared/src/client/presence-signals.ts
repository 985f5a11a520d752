import type { PresenceBeacon } from '../domain'

/**
 * Tells the server when this tab stops being watched, with `navigator.sendBeacon` (delivered
 * even while the page unloads, and no response to wait for):
 *   - `pagehide` (tab closed, navigated away, reloaded): `gone`, so others see the leave at once;
 *   - hidden: `away`, so others see the user idle instead of dropping them when heartbeats stop.
 * Coming back needs no signal: the sync request sent on `visible` carries a heartbeat.
 * Returns the cleanup.
 */
export const installPresenceSignals = (url: string, tab: string, onSent?: () => void): (() => void) => {
  const send = (status: PresenceBeacon['status']): void => {
    const body: PresenceBeacon = { tab, status }
    if (navigator.sendBeacon(url, JSON.stringify(body))) onSent?.()
  }
  const onPageHide = (): void => send('gone')
  const onVisibility = (): void => {
    if (document.visibilityState === 'hidden') send('away')
  }
  window.addEventListener('pagehide', onPageHide)
  document.addEventListener('visibilitychange', onVisibility)
  return () => {
    window.removeEventListener('pagehide', onPageHide)
    document.removeEventListener('visibilitychange', onVisibility)
  }
}
