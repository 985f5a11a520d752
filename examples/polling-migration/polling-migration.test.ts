import { afterEach, expect, it } from 'vitest'
import { type RunningClient, startNewClient, startOldClient } from './src/clients'
import { type DemoServer, startDemoServer } from './src/demo-server'
import { boardAt, type Order } from './src/feed'

/*
 * The example end to end over real HTTP: both apps' clients, headless, against the demo server, through five
 * scripted changes. Waits are on the server's counters and on delivered data, never on elapsed time.
 */

let server: DemoServer
const clients: RunningClient[] = []

afterEach(async () => {
  for (const client of clients.splice(0)) client.stop()
  await server?.close()
})

const until = async (check: () => boolean, what: string) => {
  const deadline = Date.now() + 20_000
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

it('the migrated client fetches the payload exactly once per change; the old one on every poll', async () => {
  server = await startDemoServer()
  const page = await fetch(server.url)
  expect(await page.text()).toContain('data-app="new"')

  const seenOld: Order[][] = []
  const seenNew: Order[][] = []
  clients.push(startOldClient({ base: server.url, interval: 20, onData: (orders) => seenOld.push(orders) }))
  clients.push(startNewClient({ base: server.url, interval: 20, onData: (orders) => seenNew.push(orders) }))
  await until(() => seenNew.length === 1 && seenOld.length > 0, 'both first payloads')

  for (let change = 1; change <= 5; change++) {
    await server.change()
    await until(() => seenNew.length === change + 1, `change ${change} in the migrated app`)
    // Three more version checks that find nothing new, and the old app polling all along.
    const requests = server.counters().new.requests
    await until(() => server.counters().new.requests >= requests + 3, 'three unchanged polls')
  }
  await until(() => JSON.stringify(seenOld.at(-1)) === JSON.stringify(boardAt(5)), 'the old app at change 5')
  for (const client of clients) client.stop()

  const { old, new: migrated } = server.counters()
  expect(seenNew).toEqual([0, 1, 2, 3, 4, 5].map(boardAt))
  expect(migrated.payloadFetches).toBe(6) // the first load, then one per change
  expect(migrated.requests).toBeGreaterThanOrEqual(6 + 5 * 3) // the rest are version checks
  expect(old.payloadFetches).toBe(old.requests) // every poll moves the whole payload
  expect(old.payloadFetches).toBeGreaterThan(6)
})
