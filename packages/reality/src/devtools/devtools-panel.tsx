import { useEffect, useReducer } from 'react'
import type { RealityClient } from '../core/client'
import type { RequestTracker } from './request-tracker'

/** Props of `RealityDevtools`. */
export interface RealityDevtoolsProps {
  /** The client whose keys the panel lists (its state, versions and errors). */
  client: RealityClient
  /** The tracker whose `fetch` the client was created with: where the keys and request counts come from. */
  tracker: RequestTracker
  /** How often the panel redraws on its own (ages, the per-minute rate), in ms (default 1,000). */
  refreshInterval?: number
}

const ago = (at: number | null, now: number): string =>
  at === null ? 'never' : `${Math.round((now - at) / 1000)} s ago`

const cell = { padding: '2px 8px', textAlign: 'left' } as const

/**
 * A small table of every key the client has synced: version, status, last sync and error, with the sync requests of
 * the last minute and how many failed. Renders plain DOM with inline styles; mount it in development only.
 *
 * @example
 * const tracker = createRequestTracker()
 * const client = createRealityClient({ servers: ['http://localhost:3456'], fetch: tracker.fetch })
 * // in your app, next to the RealityProvider:
 * {import.meta.env.DEV && <RealityDevtools client={client} tracker={tracker} />}
 */
export function RealityDevtools({ client, tracker, refreshInterval = 1000 }: RealityDevtoolsProps) {
  const [, redraw] = useReducer((n: number) => n + 1, 0)
  useEffect(() => tracker.subscribe(redraw), [tracker])
  useEffect(() => {
    const timer = setInterval(redraw, refreshInterval)
    return () => clearInterval(timer)
  }, [refreshInterval])
  const now = Date.now()
  const recent = tracker.recent()
  const failed = recent.filter((request) => request.error !== null)
  const lastError = failed.at(-1)?.error
  return (
    <section aria-label="Reality devtools" style={{ font: '12px monospace' }}>
      <p>
        <span data-testid="reality-rpm">{recent.length}</span> requests/min,{' '}
        <span data-testid="reality-errors">{failed.length}</span> failed{lastError ? ` (last: ${lastError})` : ''}
      </p>
      <table>
        <thead>
          <tr>
            <th style={cell}>key</th>
            <th style={cell}>version</th>
            <th style={cell}>status</th>
            <th style={cell}>last sync</th>
            <th style={cell}>error</th>
          </tr>
        </thead>
        <tbody>
          {tracker.keys().map((key) => {
            const state = client.getState(key)
            return (
              <tr key={key} data-testid={`reality-key-${key}`}>
                <td style={cell}>{key}</td>
                <td style={cell}>{state.meta?.version ?? '-'}</td>
                <td style={cell}>{state.status}</td>
                <td style={cell}>{ago(state.lastSyncAt, now)}</td>
                <td style={cell}>{state.error?.message ?? ''}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </section>
  )
}
