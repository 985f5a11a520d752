// @vitest-environment jsdom
import { createRealityClient, FocusManager, OnlineManager, type RealityClient } from '@rootlodge/reality'
import { RealityProvider, useReality, useRealityClient, useSync } from '@rootlodge/reality/react'
import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react'
import { StrictMode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AppServer } from './support/app-server'
import { openAppPage } from './support/browser-page'
import { countingFetcher } from './support/counting-fetcher'

let app: AppServer

openAppPage((started) => {
  app = started
})
afterEach(cleanup)

const seenClients = new Set<RealityClient>()
const Child = () => {
  seenClients.add(useRealityClient())
  const { data } = useReality('k:p1', { fetcher: countingFetcher('p1') })
  return <p data-testid="p1">{String(data)}</p>
}

const syncControls: ReturnType<typeof useSync>[] = []
const Both = () => {
  syncControls.push(useSync())
  const a = useReality('k:s1', { fetcher: countingFetcher('s1') })
  const b = useReality('k:s2', { fetcher: countingFetcher('s2') })
  return <p data-testid="both">{`${a.data}/${b.data}`}</p>
}

describe('RealityProvider', () => {
  it('useRealityClient outside a provider throws a clear error', () => {
    // React logs the thrown error (React 18 also reports it to window.onerror): keep the output clean.
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {})
    const swallow = (event: ErrorEvent) => event.preventDefault()
    window.addEventListener('error', swallow)
    try {
      expect(() => renderHook(() => useRealityClient())).toThrow(/no <RealityProvider>/)
    } finally {
      window.removeEventListener('error', swallow)
      quiet.mockRestore()
    }
  })

  it('hands out the client it was given, and its own one once none is given', () => {
    const given = createRealityClient({ servers: [app.url] })
    let client: RealityClient | undefined = given
    const { result, rerender } = renderHook(() => useRealityClient(), {
      wrapper: ({ children }) => (
        <RealityProvider client={client} clientId="own">
          {children}
        </RealityProvider>
      ),
    })
    expect(result.current).toBe(given)
    client = undefined
    rerender()
    expect(result.current).not.toBe(given)
    expect(result.current.clientId).toBe('own')
  })

  it('creates one client from its options, keeps it across renders, and leaves no listener after unmount', async () => {
    await app.publish('p1', 'served', 'k:p1')
    // Own managers (browser-backed, like the defaults) so this test sees exactly this client's listeners.
    const managers = { focus: new FocusManager(), online: new OnlineManager() }
    const tree = (label: string) => (
      <StrictMode>
        <RealityProvider servers={[app.url]} clientId={label} managers={managers}>
          <Child />
        </RealityProvider>
      </StrictMode>
    )
    const { rerender, unmount } = render(tree('first'))
    await waitFor(() => expect(screen.getByTestId('p1').textContent).toBe('served'))
    rerender(tree('ignored-after-mount'))
    expect(seenClients.size).toBe(1)
    const [client] = seenClients
    expect(client.clientId).toBe('first')
    expect(app.syncRequests().at(-1)?.clientId).toBe('first')
    expect(managers.focus.hasListeners()).toBe(true)

    // Nothing to tear down: the last unsubscribe detached the client from every event source.
    unmount()
    expect(managers.focus.hasListeners()).toBe(false)
    expect(managers.online.hasListeners()).toBe(false)
  })
})

describe('useSync', () => {
  it('returns stable functions that sync all subscribed keys or the given ones', async () => {
    const client = createRealityClient({ servers: [app.url] })
    await app.publish('s1', 1, 'k:s1')
    await app.publish('s2', 1, 'k:s2')
    render(
      <RealityProvider client={client}>
        <Both />
      </RealityProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('both').textContent).toBe('1/1'))
    expect(new Set(syncControls.map((s) => s.syncAll)).size).toBe(1)
    const sync = syncControls.at(-1)!

    await app.publish('s1', 2, 'k:s1')
    await app.publish('s2', 2, 'k:s2')
    await act(() => sync.syncKeys(['k:s2']))
    expect(screen.getByTestId('both').textContent).toBe('1/2')
    expect(app.syncRequests().at(-1)).toMatchObject({ known: { 'k:s2': expect.any(Number) }, hint: 'interaction' })

    await act(() => sync.syncAll('focus'))
    expect(screen.getByTestId('both').textContent).toBe('2/2')
    expect(Object.keys(app.syncRequests().at(-1)!.known).sort()).toEqual(['k:s1', 'k:s2'])
    client.destroy()
  })
})
