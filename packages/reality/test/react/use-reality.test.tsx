// @vitest-environment jsdom
import { RealityProvider } from '@rootlodge/reality/react'
import { act, render, screen, waitFor } from '@testing-library/react'
import { StrictMode } from 'react'
import { describe, expect, it, vi } from 'vitest'
import * as z from 'zod'
import { openAppWithClient } from './support/app-client'
import { reconnectNetwork, refocusWindow } from './support/browser-page'
import { countingFetcher } from './support/counting-fetcher'
import { Probe, read } from './support/probe'

const env = openAppWithClient()

const syncsWith = (key: string, hint?: string) =>
  env.app.syncRequests().filter((request) => key in request.known && (!hint || request.hint === hint))
const probe = (id: string) => read(screen.getByTestId(id))
const inProvider = (children: React.ReactNode) => <RealityProvider client={env.client}>{children}</RealityProvider>

describe('useReality', () => {
  it('shows the fallback while loading, then the payload; refetches only when the server reports a change', async () => {
    await env.app.publish('r1', { n: 1 }, 'k:r1')
    const fetcher = countingFetcher('r1')
    render(inProvider(<Probe id="a" rkey="k:r1" options={{ fallback: 'none', fetcher }} />))
    expect(probe('a')).toMatchObject({ data: 'none', isLoading: true, status: 'loading' })
    await waitFor(() => expect(probe('a')).toMatchObject({ data: { n: 1 }, isLoading: false, status: 'idle' }))

    refocusWindow()
    await waitFor(() => expect(syncsWith('k:r1', 'focus')).toHaveLength(1))
    await act(() => env.client.syncKeys(['k:r1'])) // barrier: applied, and any fetch it started has settled
    expect(fetcher.calls).toBe(1)

    await env.app.publish('r1', { n: 2 }, 'k:r1')
    refocusWindow()
    await waitFor(() => expect(probe('a').data).toEqual({ n: 2 }))
    expect(fetcher.calls).toBe(2)
    expect(probe('a').version).toBeGreaterThan(0)
  })

  it('two components on one key share one sync request and one fetch', async () => {
    await env.app.publish('r2', ['x'], 'k:r2')
    const fetcher = countingFetcher('r2')
    render(
      inProvider(
        <>
          <Probe id="a" rkey="k:r2" options={{ fetcher }} />
          <Probe id="b" rkey="k:r2" options={{ fetcher }} />
        </>,
      ),
    )
    await waitFor(() => expect([probe('a').data, probe('b').data]).toEqual([['x'], ['x']]))
    expect(syncsWith('k:r2')).toHaveLength(1)
    expect(fetcher.calls).toBe(1)
    expect(env.app.payloadCount('r2')).toBe(1)
  })

  it('is safe under StrictMode double mounting: one sync, one fetch', async () => {
    await env.app.publish('r3', 'strict', 'k:r3')
    const fetcher = countingFetcher('r3')
    render(
      <StrictMode>
        {inProvider(
          <>
            <Probe id="a" rkey="k:r3" options={{ fetcher }} />
            <Probe id="b" rkey="k:r3" options={{ fetcher }} />
          </>,
        )}
      </StrictMode>,
    )
    await waitFor(() => expect(probe('b').data).toBe('strict'))
    await act(() => env.client.syncKeys(['k:r3']))
    expect(syncsWith('k:r3', 'mount')).toHaveLength(1)
    expect(fetcher.calls).toBe(1)
  })

  it('validates with a Zod schema: a rejected payload becomes `error`, calls onError and keeps the fallback', async () => {
    await env.app.publish('r4', [{ id: 'not-a-number' }], 'k:r4')
    const onError = vi.fn()
    const schema = z.array(z.object({ id: z.number() }))
    render(
      inProvider(
        <Probe id="a" rkey="k:r4" options={{ fallback: [], schema, onError, fetcher: countingFetcher('r4') }} />,
      ),
    )
    await waitFor(() => expect(probe('a').status).toBe('error'))
    expect(probe('a').data).toEqual([])
    expect(onError).toHaveBeenCalledTimes(1)
    expect(onError.mock.calls[0][0]).toBeInstanceOf(z.ZodError)

    // A valid payload clears the error.
    await env.app.publish('r4', [{ id: 7 }], 'k:r4')
    refocusWindow()
    await waitFor(() => expect(probe('a')).toMatchObject({ data: [{ id: 7 }], error: null, status: 'idle' }))
  })

  it('accepts any object with `parse` as a schema, and uses what it returns', async () => {
    await env.app.publish('r5', { count: '41' }, 'k:r5')
    const schema = { parse: (value: unknown) => Number((value as { count: string }).count) + 1 }
    render(inProvider(<Probe id="a" rkey="k:r5" options={{ schema, fetcher: countingFetcher('r5') }} />))
    await waitFor(() => expect(probe('a').data).toBe(42))
  })

  it('reports a failing fetcher through `error` and onError; the next successful fetch clears it', async () => {
    const onError = vi.fn()
    render(inProvider(<Probe id="a" rkey="k:r6" options={{ onError, fetcher: countingFetcher('r6') }} />))
    await waitFor(() => expect(probe('a').error).toMatch(/HTTP 404/))
    expect(onError).toHaveBeenCalledTimes(1)
    await env.app.publish('r6', 'ok', 'k:r6')
    refocusWindow()
    await waitFor(() => expect(probe('a')).toMatchObject({ data: 'ok', error: null }))
  })

  it('refetchOnFocus: false leaves the key out of focus syncs', async () => {
    render(
      inProvider(
        <>
          <Probe id="a" rkey="k:r7a" options={{ refetchOnFocus: false }} />
          <Probe id="b" rkey="k:r7b" />
        </>,
      ),
    )
    await waitFor(() => expect(probe('a').status).toBe('idle'))
    refocusWindow()
    await waitFor(() => expect(syncsWith('k:r7b', 'focus')).toHaveLength(1))
    expect(syncsWith('k:r7a', 'focus')).toHaveLength(0)
  })

  it('refetchOnReconnect: false leaves the key out of reconnect syncs', async () => {
    render(
      inProvider(
        <>
          <Probe id="a" rkey="k:r8a" options={{ refetchOnReconnect: false }} />
          <Probe id="b" rkey="k:r8b" />
        </>,
      ),
    )
    await waitFor(() => expect(probe('a').status).toBe('idle'))
    reconnectNetwork()
    await waitFor(() => expect(syncsWith('k:r8b', 'reconnect')).toHaveLength(1))
    expect(syncsWith('k:r8a', 'reconnect')).toHaveLength(0)
  })

  it('enabled: false sends nothing and is not loading; enabling it loads the key', async () => {
    await env.app.publish('r9', 'on', 'k:r9')
    const fetcher = countingFetcher('r9')
    const { rerender } = render(inProvider(<Probe id="a" rkey="k:r9" options={{ enabled: false, fetcher }} />))
    await act(() => env.client.syncAll())
    expect(probe('a')).toMatchObject({ isLoading: false, version: null })
    expect(probe('a').data).toBeUndefined()
    expect(syncsWith('k:r9')).toHaveLength(0)
    expect(fetcher.calls).toBe(0)

    rerender(inProvider(<Probe id="a" rkey="k:r9" options={{ enabled: true, fetcher }} />))
    await waitFor(() => expect(probe('a').data).toBe('on'))
  })

  it('follows a key change and stops syncing the old key', async () => {
    await env.app.publish('r10a', 'first', 'k:r10a')
    await env.app.publish('r10b', 'second', 'k:r10b')
    const { rerender } = render(
      inProvider(<Probe id="a" rkey="k:r10a" options={{ fetcher: countingFetcher('r10a') }} />),
    )
    await waitFor(() => expect(probe('a').data).toBe('first'))
    rerender(inProvider(<Probe id="a" rkey="k:r10b" options={{ fetcher: countingFetcher('r10b') }} />))
    await waitFor(() => expect(probe('a').data).toBe('second'))
    const before = env.app.syncCount()
    await act(() => env.client.syncAll())
    const last = env.app.syncRequests().slice(before)
    expect(last.map((request) => Object.keys(request.known))).toEqual([['k:r10b']])
  })
})
