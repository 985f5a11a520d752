import type { PresenceBeacon } from '../domain'

/**
 * Tells the server when this tab stops being watched, with a `keepalive` fetch (delivered even
 * while the page unloads, like a beacon, but as JSON: the server takes no other body for a
 * write, and the session cookie says whose tab it is):
 *   - `pagehide` (tab closed, navigated away, reloaded): `gone`, so others see the leave at once;
 *   - hidden: `away`, so others see the user idle instead of dropping them when heartbeats stop.
 * Coming back needs no signal: the sync request sent on `visible` carries a heartbeat.
 * Returns the cleanup.
 */
export const installPresenceSignals = (url: string, tab: string, onSent?: () => void): (() => void) => {
  const send = (status: PresenceBeacon['status']): void => {
    const body: PresenceBeacon = { tab, status }
    fetch(url, {
      method: 'POST',
      keepalive: true,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).catch(() => {}) // the tab is going away: nobody is left to tell
    onSent?.()
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
