// @vitest-environment jsdom
import { createRealityClient, type RealityClient } from '@rootlodge/reality'
import { watchQueries } from '@rootlodge/reality/tanstack-query'
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query'
import { act, cleanup, render, screen, waitFor } from '@testing-library/react'
import { useEffect } from 'react'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { refocusWindow } from '../react/support/browser-page'
import { startRealityServer, type TestServer } from '../support/reality-server'

const KEY = 'chat:room:general'
let server: TestServer
let reality: RealityClient
let queryClient: QueryClient
let fetches = 0

beforeEach(async () => {
  server = await startRealityServer()
  reality = createRealityClient({ servers: [server.url] })
  queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: Number.POSITIVE_INFINITY, retry: false } } })
  fetches = 0
})
afterEach(async () => {
  cleanup()
  reality.destroy()
  queryClient.clear()
  await server.stop()
})

function Messages() {
  // The app's own query, fetching its own data: Reality never loads this payload.
  const { data } = useQuery({ queryKey: ['messages', 'general'], queryFn: async () => ++fetches })
  useEffect(() => watchQueries(reality, queryClient, { keys: { [KEY]: ['messages', 'general'] } }), [])
  return <p data-testid="fetches">{data ?? 'loading'}</p>
}

const shown = () => screen.getByTestId('fetches').textContent
const syncsOf = (hint?: string) =>
  server.requests.filter((r) => KEY in (r.known as object) && (!hint || r.hint === hint)).length

it('refetches a query exactly once per server-side change, never on unchanged syncs, and stops on unmount', async () => {
  await server.reality.invalidate(KEY)
  const view = render(
    <QueryClientProvider client={queryClient}>
      <Messages />
    </QueryClientProvider>,
  )
  await waitFor(() => expect(shown()).toBe('1'))
  await waitFor(() => expect(syncsOf()).toBe(1))
  // The first sync only learnt the version the query's data already reflects.
  await act(() => reality.syncKeys([KEY]))
  expect(fetches).toBe(1)

  await server.reality.invalidate(KEY)
  // Reality's own triggers drive the sync: a refocused window.
  refocusWindow()
  await waitFor(() => expect(shown()).toBe('2'))
  expect(syncsOf('focus')).toBe(1)
  await act(() => reality.syncKeys([KEY]))
  expect(fetches).toBe(2)

  await server.reality.invalidate(KEY)
  await act(() => reality.syncKeys([KEY]))
  await waitFor(() => expect(shown()).toBe('3'))
  await act(() => reality.syncKeys([KEY]))
  expect(fetches).toBe(3)

  view.unmount()
  const before = server.requests.length
  await server.reality.invalidate(KEY)
  await reality.syncAll()
  expect(server.requests.length).toBe(before)
  expect(reality.getState(KEY).status).toBe('idle')
})

function Flaky() {
  // Fails once, so the query is left without data until something refetches it.
  const { data, error } = useQuery({
    queryKey: ['flaky'],
    queryFn: async () => {
      if (++fetches === 1) throw new Error('down')
      return 'ok'
    },
  })
  return <p data-testid="flaky">{data ?? error?.message ?? 'loading'}</p>
}

it('invalidates on the first sync when the query holds no data', async () => {
  await server.reality.invalidate(KEY)
  render(
    <QueryClientProvider client={queryClient}>
      <Flaky />
    </QueryClientProvider>,
  )
  await waitFor(() => expect(screen.getByTestId('flaky').textContent).toBe('down'))
  const stop = watchQueries(reality, queryClient, { keys: { watch: [KEY], queryKey: () => ['flaky'] } })
  await waitFor(() => expect(screen.getByTestId('flaky').textContent).toBe('ok'))
  expect(fetches).toBe(2)
  stop()
})
