// A user-style test written with the testing helper, as the README shows it.
import { createRealityTestPair } from '@rootlodge/reality-server/testing'
import { afterAll, afterEach, expect, it } from 'vitest'

const reality = createRealityTestPair()
afterEach(() => reality.reset())
afterAll(() => reality.close())

let messages = ['hello']

it('refetches a key once the server records a change', async () => {
  const seen: unknown[] = []
  const stop = reality.client.subscribe('chat', (state) => seen.push(state.data), {
    fetcher: async () => [...messages],
  })
  await reality.client.syncKeys(['chat'])
  expect(reality.client.getState('chat').data).toEqual(['hello'])

  messages = ['hello', 'bye']
  await reality.update('chat')
  await reality.client.syncKeys(['chat'])
  expect(reality.client.getState('chat').data).toEqual(['hello', 'bye'])
  expect(seen).toContainEqual(['hello', 'bye'])
  stop()
})

it('starts from a clean server and client after reset', async () => {
  expect(reality.client.getKnownVersions()).toEqual({})
  const response = await reality.fetch('http://reality.test/reality/sync', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ known: { chat: 0 } }),
  })
  const body = (await response.json()) as { changed: Record<string, unknown> }
  expect(response.status).toBe(200)
  expect(body.changed).toEqual({})
})
