// @vitest-environment jsdom
import { createRealityClient, type RealityClient } from '@rootlodge/reality'
import { watchSWR } from '@rootlodge/reality/swr'
import { act, cleanup, render, screen, waitFor } from '@testing-library/react'
import { useEffect } from 'react'
import useSWR, { type Cache, type ScopedMutator, SWRConfig, useSWRConfig } from 'swr'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { refocusWindow } from '../react/support/browser-page'
import { startRealityServer, type TestServer } from '../support/reality-server'

const KEY = 'chat:room:general'
const SWR_KEY = '/api/messages/general'
let server: TestServer
let reality: RealityClient
let fetches = 0

beforeEach(async () => {
  server = await startRealityServer()
  reality = createRealityClient({ servers: [server.url] })
  fetches = 0
})
afterEach(async () => {
  cleanup()
  reality.destroy()
  await server.stop()
})

function Messages() {
  // The app's own fetcher: Reality never loads this payload.
  const { data } = useSWR(SWR_KEY, async () => ++fetches)
  const { mutate } = useSWRConfig()
  useEffect(() => watchSWR(reality, mutate, { [KEY]: SWR_KEY }), [mutate])
  return <p data-testid="fetches">{data ?? 'loading'}</p>
}

const shown = () => screen.getByTestId('fetches').textContent
const syncsOf = (hint?: string) =>
  server.requests.filter((r) => KEY in (r.known as object) && (!hint || r.hint === hint)).length

it('revalidates an SWR key exactly once per server-side change, never on unchanged syncs, and stops on unmount', async () => {
  await server.reality.invalidate(KEY)
  // SWR's own focus revalidation is off so that only Reality's triggers cause a refetch.
  const view = render(
    <SWRConfig value={{ provider: () => new Map(), dedupingInterval: 0, revalidateOnFocus: false }}>
      <Messages />
    </SWRConfig>,
  )
  await waitFor(() => expect(shown()).toBe('1'))
  await waitFor(() => expect(syncsOf()).toBe(1))
  await act(() => reality.syncKeys([KEY]))
  expect(fetches).toBe(1)

  await server.reality.invalidate(KEY)
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
})

let scopedMutate: ScopedMutator | undefined

function Flaky() {
  // Fails once, so SWR holds no data for the key until something revalidates it.
  const { data, error } = useSWR('/api/flaky', async () => {
    if (++fetches === 1) throw new Error('down')
    return 'ok'
  })
  scopedMutate = useSWRConfig().mutate
  return <p data-testid="flaky">{data ?? error?.message ?? 'loading'}</p>
}

it('with `cached`, revalidates on the first sync a key SWR holds no data for', async () => {
  await server.reality.invalidate(KEY)
  const cache = new Map() as Cache
  render(
    <SWRConfig value={{ provider: () => cache, shouldRetryOnError: false, revalidateOnFocus: false }}>
      <Flaky />
    </SWRConfig>,
  )
  await waitFor(() => expect(screen.getByTestId('flaky').textContent).toBe('down'))
  const mutate = scopedMutate as ScopedMutator
  const stop = watchSWR(reality, mutate, { [KEY]: '/api/flaky' }, { cached: (key) => cache.get(key)?.data })
  await waitFor(() => expect(screen.getByTestId('flaky').textContent).toBe('ok'))
  expect(fetches).toBe(2)
  stop()
})
