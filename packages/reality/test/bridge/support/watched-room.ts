import { createRealityClient, type RealityClient } from '@rootlodge/reality'
import { act, cleanup, type RenderResult, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, expect } from 'vitest'
import { refocusWindow } from '../../react/support/browser-page'
import { startRealityServer, type TestServer } from '../../support/reality-server'

/*
 * What the SWR and TanStack Query bridge tests share: a chat room key on a real RealityServer, a Reality
 * client on it, a count of the app's own fetches, and the promise both bridges make about that key.
 */

export const KEY = 'chat:room:general'

export interface WatchedRoom {
  readonly server: TestServer
  readonly reality: RealityClient
  /** Runs of the app's own fetcher in this test (the fetcher counts them itself). */
  fetches: number
}

/** For each test: a new server, a Reality client on it and `fetches` at 0; after it, unmounts and stops them. */
export const watchedRoom = (): WatchedRoom => {
  const room = { fetches: 0 } as { server: TestServer; reality: RealityClient; fetches: number }
  beforeEach(async () => {
    room.server = await startRealityServer()
    room.reality = createRealityClient({ servers: [room.server.url] })
    room.fetches = 0
  })
  afterEach(async () => {
    cleanup()
    room.reality.destroy()
    await room.server.stop()
  })
  return room
}

const shown = () => screen.getByTestId('fetches').textContent
const syncsOf = (room: WatchedRoom, hint?: string) =>
  room.server.requests.filter((r) => KEY in (r.known as object) && (!hint || r.hint === hint)).length

/**
 * With `view` showing the app's fetch count (test id `fetches`) for data the bridge ties to KEY, which the
 * server has just invalidated: one refetch per server-side change, whichever sync sees it (Reality's own
 * focus trigger or an explicit one), none on syncs that bring nothing new, and no syncs once unmounted.
 */
export const expectOneFetchPerChange = async (room: WatchedRoom, view: RenderResult): Promise<void> => {
  const { server, reality } = room
  await waitFor(() => expect(shown()).toBe('1'))
  await waitFor(() => expect(syncsOf(room)).toBe(1))
  // The first sync only learnt the version the app's data already reflects.
  await act(() => reality.syncKeys([KEY]))
  expect(room.fetches).toBe(1)

  await server.reality.invalidate(KEY)
  refocusWindow()
  await waitFor(() => expect(shown()).toBe('2'))
  expect(syncsOf(room, 'focus')).toBe(1)
  await act(() => reality.syncKeys([KEY]))
  expect(room.fetches).toBe(2)

  await server.reality.invalidate(KEY)
  await act(() => reality.syncKeys([KEY]))
  await waitFor(() => expect(shown()).toBe('3'))
  await act(() => reality.syncKeys([KEY]))
  expect(room.fetches).toBe(3)

  view.unmount()
  const before = server.requests.length
  await server.reality.invalidate(KEY)
  await reality.syncAll()
  expect(server.requests.length).toBe(before)
}
