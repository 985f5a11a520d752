// @vitest-environment jsdom
import { createRealityClient, type RealityClient } from '@rootlodge/reality'
import { createRequestTracker, RealityDevtools } from '@rootlodge/reality/devtools'
import { act, cleanup, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { startRealityServer, type TestServer } from '../support/reality-server'

let server: TestServer
let client: RealityClient

beforeEach(async () => {
  server = await startRealityServer()
})
afterEach(async () => {
  cleanup()
  client.destroy()
  await server.stop()
})

const row = (key: string) =>
  [...screen.getByTestId(`reality-key-${key}`).querySelectorAll('td')].map((td) => td.textContent)

it('lists the synced keys with their version and status, and updates on a sync', async () => {
  const tracker = createRequestTracker()
  client = createRealityClient({ servers: [server.url], fetch: tracker.fetch })
  const first = await server.reality.invalidate('posts')
  const stop = client.subscribe('posts', () => {}, { fetcher: async () => ['a'] })
  render(<RealityDevtools client={client} tracker={tracker} />)
  await waitFor(() => expect(row('posts').slice(0, 3)).toEqual(['posts', String(first.version), 'idle']))
  expect(screen.getByTestId('reality-rpm').textContent).toBe('1')
  expect(screen.getByTestId('reality-errors').textContent).toBe('0')

  const second = await server.reality.invalidate('posts')
  await act(() => client.syncKeys(['posts', 'user:1']))
  await waitFor(() => expect(row('posts')[1]).toBe(String(second.version)))
  expect(row('user:1').slice(0, 2)).toEqual(['user:1', '-'])
  expect(screen.getByTestId('reality-rpm').textContent).toBe('2')

  await server.stop()
  await act(() => client.syncKeys(['posts']))
  await waitFor(() => expect(screen.getByTestId('reality-errors').textContent).not.toBe('0'))
  expect(row('posts')[4]).not.toBe('')
  stop()
})
