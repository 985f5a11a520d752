// @vitest-environment jsdom
import { watchSWR } from '@rootlodge/reality/swr'
import { render, screen, waitFor } from '@testing-library/react'
import { useEffect } from 'react'
import useSWR, { type Cache, type ScopedMutator, SWRConfig, useSWRConfig } from 'swr'
import { expect, it } from 'vitest'
import { expectOneFetchPerChange, KEY, watchedRoom } from './support/watched-room'

const SWR_KEY = '/api/messages/general'
const room = watchedRoom()

function Messages() {
  // The app's own fetcher: Reality never loads this payload.
  const { data } = useSWR(SWR_KEY, async () => ++room.fetches)
  const { mutate } = useSWRConfig()
  useEffect(() => watchSWR(room.reality, mutate, { [KEY]: SWR_KEY }), [mutate])
  return <p data-testid="fetches">{data ?? 'loading'}</p>
}

it('revalidates an SWR key exactly once per server-side change, never on unchanged syncs, and stops on unmount', async () => {
  await room.server.reality.invalidate(KEY)
  // SWR's own focus revalidation is off so that only Reality's triggers cause a refetch.
  const view = render(
    <SWRConfig value={{ provider: () => new Map(), dedupingInterval: 0, revalidateOnFocus: false }}>
      <Messages />
    </SWRConfig>,
  )
  await expectOneFetchPerChange(room, view)
})

let scopedMutate: ScopedMutator | undefined

function Flaky() {
  // Fails once, so SWR holds no data for the key until something revalidates it.
  const { data, error } = useSWR('/api/flaky', async () => {
    if (++room.fetches === 1) throw new Error('down')
    return 'ok'
  })
  scopedMutate = useSWRConfig().mutate
  return <p data-testid="flaky">{data ?? error?.message ?? 'loading'}</p>
}

it('with `cached`, revalidates on the first sync a key SWR holds no data for', async () => {
  await room.server.reality.invalidate(KEY)
  const cache = new Map() as Cache
  render(
    <SWRConfig value={{ provider: () => cache, shouldRetryOnError: false, revalidateOnFocus: false }}>
      <Flaky />
    </SWRConfig>,
  )
  await waitFor(() => expect(screen.getByTestId('flaky').textContent).toBe('down'))
  const mutate = scopedMutate as ScopedMutator
  const stop = watchSWR(room.reality, mutate, { [KEY]: '/api/flaky' }, { cached: (key) => cache.get(key)?.data })
  await waitFor(() => expect(screen.getByTestId('flaky').textContent).toBe('ok'))
  expect(room.fetches).toBe(2)
  stop()
})
