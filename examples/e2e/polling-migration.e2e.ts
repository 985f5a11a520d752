import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type DemoServer, startDemoServer } from '../polling-migration/src/demo-server'
import { boardAt } from '../polling-migration/src/feed'
import { type ChromiumSession, launchChromium, newUser, setHidden } from './harness'

/*
 * The polling-migration page in Chromium: both apps in one tab, the server's counters as the page shows them. The
 * migrated app fetches the board once per change and nothing while the tab is hidden; the old one keeps polling.
 */

const example = fileURLToPath(new URL('../polling-migration/', import.meta.url))
let server: DemoServer
let chromium: ChromiumSession
let page: Page

beforeAll(async () => {
  execFileSync(process.execPath, [`${example}build.mjs`])
  ;[server, chromium] = await Promise.all([startDemoServer({ assets: `${example}dist` }), launchChromium()])
  page = await (await newUser(chromium)).newPage()
  await page.goto(`${server.url}/?interval=100`)
})

afterAll(async () => {
  await chromium?.close()
  await server?.close()
})

const board = (app: 'old' | 'new') => page.locator(`[data-app=${app}] [data-orders] li`).allTextContents()
/** The list as the page renders the board after `change` changes. */
const shown = (change: number) =>
  boardAt(change).map(({ id, customer, status, total }) => `#${id} ${customer}: ${status}, ${total.toFixed(2)}`)
const until = async (check: () => boolean, what: string) => {
  const deadline = Date.now() + 20_000
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

it('the migrated app fetches once per change and nothing while hidden; the page shows the counters', async () => {
  await expect.poll(() => board('new')).toEqual(shown(0))
  for (let change = 1; change <= 3; change++) {
    await server.change()
    await expect.poll(() => board('new')).toEqual(shown(change))
    await expect.poll(() => board('old')).toEqual(shown(change))
  }
  expect(server.counters().new.payloadFetches).toBe(4)

  await setHidden(page, true)
  // A sync sent just before hiding may still be on its way: two polls of the old app let it land first.
  const before = server.counters().old.requests
  await until(() => server.counters().old.requests >= before + 2, 'two polls of the old app')
  const hidden = server.counters()
  await server.change() // change 4, while hidden
  // The old app keeps polling meanwhile: five of its requests are the sentinel that time went by.
  await until(() => server.counters().old.requests >= hidden.old.requests + 5, 'five polls of the old app')
  expect(server.counters().new).toEqual(hidden.new)

  await setHidden(page, false)
  await expect.poll(() => board('new')).toEqual(shown(4))
  expect(server.counters().new.payloadFetches).toBe(5)
  await expect.poll(() => page.locator('[data-app=new] [data-counter=payloadFetches]').textContent()).toBe('5')
  const old = server.counters().old
  expect(old.payloadFetches).toBe(old.requests)
})
