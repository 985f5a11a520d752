// @vitest-environment jsdom
import { createRealityClient, focusManager, onlineManager, type RealityClient } from '@rootlodge/reality'
import { RealityProvider, useReality, useRealityClient, useSync } from '@rootlodge/reality/react'
import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react'
import { StrictMode } from 'react'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { type AppServer, startAppServer } from './support/app-server'
import { openPageAt } from './support/browser-page'
import { countingFetcher } from './support/counting-fetcher'

let app: AppServer
let closePage: () => void

beforeAll(async () => {
  app = await startAppServer()
  closePage = openPageAt(app.url)
})
afterEach(cleanup)
afterAll(async () => {
  closePage()
  await app.close()
})

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

  it('hands out the client it was given', () => {
    const client = createRealityClient({ servers: [app.url] })
    const { result } = renderHook(() => useRealityClient(), {
      wrapper: ({ children }) => <RealityProvider client={client}>{children}</RealityProvider>,
    })
    expect(result.current).toBe(client)
  })

  it('creates one client from its options, keeps it across renders, and leaves no listener after unmount', async () => {
    await app.publish('p1', 'served', 'k:p1')
    const seen = new Set<RealityClient>()
    const Child = () => {
      seen.add(useRealityClient())
      const { data } = useReality('k:p1', { fetcher: countingFetcher('p1') })
      return <p data-testid="p1">{String(data)}</p>
    }
    const tree = (label: string) => (
      <StrictMode>
        <RealityProvider servers={[app.url]} clientId={label}>
          <Child />
        </RealityProvider>
      </StrictMode>
    )
    const { rerender, unmount } = render(tree('first'))
    await waitFor(() => expect(screen.getByTestId('p1').textContent).toBe('served'))
    rerender(tree('ignored-after-mount'))
    expect(seen.size).toBe(1)
    const [client] = seen
    expect(client.clientId).toBe('first')
    expect(app.syncRequests().at(-1)?.clientId).toBe('first')
    expect(focusManager.hasListeners()).toBe(true)

    // Nothing to tear down: the last unsubscribe detached the client from every event source.
    unmount()
    expect(focusManager.hasListeners()).toBe(false)
    expect(onlineManager.hasListeners()).toBe(false)
  })
})

describe('useSync', () => {
  it('returns stable functions that sync all subscribed keys or the given ones', async () => {
    const client = createRealityClient({ servers: [app.url] })
    await app.publish('s1', 1, 'k:s1')
    await app.publish('s2', 1, 'k:s2')
    let sync: ReturnType<typeof useSync> | undefined
    const first: ReturnType<typeof useSync>[] = []
    const Both = () => {
      sync = useSync()
      first.push(sync)
      const a = useReality('k:s1', { fetcher: countingFetcher('s1') })
      const b = useReality('k:s2', { fetcher: countingFetcher('s2') })
      return <p data-testid="both">{`${a.data}/${b.data}`}</p>
    }
    render(
      <RealityProvider client={client}>
        <Both />
      </RealityProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('both').textContent).toBe('1/1'))
    expect(new Set(first.map((s) => s.syncAll)).size).toBe(1)

    await app.publish('s1', 2, 'k:s1')
    await app.publish('s2', 2, 'k:s2')
    await act(() => sync!.syncKeys(['k:s2']))
    expect(screen.getByTestId('both').textContent).toBe('1/2')
    expect(app.syncRequests().at(-1)).toMatchObject({ known: { 'k:s2': expect.any(Number) }, hint: 'interaction' })

    await act(() => sync!.syncAll('focus'))
    expect(screen.getByTestId('both').textContent).toBe('2/2')
    expect(Object.keys(app.syncRequests().at(-1)!.known).sort()).toEqual(['k:s1', 'k:s2'])
    client.destroy()
  })
})
