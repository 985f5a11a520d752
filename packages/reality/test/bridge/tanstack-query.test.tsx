// @vitest-environment jsdom
import { watchQueries } from '@rootlodge/reality/tanstack-query'
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query'
import { render, screen, waitFor } from '@testing-library/react'
import { useEffect } from 'react'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { expectOneFetchPerChange, KEY, watchedRoom } from './support/watched-room'

let queryClient: QueryClient

// Before watchedRoom(): its teardown (unmount, client, server) then runs before this one's.
beforeEach(() => {
  queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: Number.POSITIVE_INFINITY, retry: false } } })
})
afterEach(() => {
  queryClient.clear()
})
const room = watchedRoom()

function Messages() {
  // The app's own query, fetching its own data: Reality never loads this payload.
  const { data } = useQuery({ queryKey: ['messages', 'general'], queryFn: async () => ++room.fetches })
  useEffect(() => watchQueries(room.reality, queryClient, { keys: { [KEY]: ['messages', 'general'] } }), [])
  return <p data-testid="fetches">{data ?? 'loading'}</p>
}

it('refetches a query exactly once per server-side change, never on unchanged syncs, and stops on unmount', async () => {
  await room.server.reality.invalidate(KEY)
  const view = render(
    <QueryClientProvider client={queryClient}>
      <Messages />
    </QueryClientProvider>,
  )
  await expectOneFetchPerChange(room, view)
  expect(room.reality.getState(KEY).status).toBe('idle')
})

function Flaky() {
  // Fails once, so the query is left without data until something refetches it.
  const { data, error } = useQuery({
    queryKey: ['flaky'],
    queryFn: async () => {
      if (++room.fetches === 1) throw new Error('down')
      return 'ok'
    },
  })
  return <p data-testid="flaky">{data ?? error?.message ?? 'loading'}</p>
}

it('invalidates on the first sync when the query holds no data', async () => {
  await room.server.reality.invalidate(KEY)
  render(
    <QueryClientProvider client={queryClient}>
      <Flaky />
    </QueryClientProvider>,
  )
  await waitFor(() => expect(screen.getByTestId('flaky').textContent).toBe('down'))
  const stop = watchQueries(room.reality, queryClient, { keys: { watch: [KEY], queryKey: () => ['flaky'] } })
  await waitFor(() => expect(screen.getByTestId('flaky').textContent).toBe('ok'))
  expect(room.fetches).toBe(2)
  stop()
})
