import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type PageOrigin, type RealityOrigin, startPageOrigin, startRealityOrigin } from './origins'
import type { PageApi } from './page'

/*
 * The client in headless Chromium on one origin against a Reality server on another (two loopback ports), with
 * `cors: { origins: [page], credentials: true, allowHeaders: ['x-tenant'] }`. What the browser would refuse or
 * hide (a custom header's preflight, Retry-After, cookies) is checked by what the server received.
 */

const RETRY_AFTER_SECONDS = 2

type PageGlobals = typeof globalThis & { reality: PageApi }

describe('cross-origin use in Chromium', () => {
  let browser: Browser
  let page: Page
  let pageOrigin: PageOrigin
  let reality: RealityOrigin

  beforeAll(async () => {
    pageOrigin = await startPageOrigin()
    reality = await startRealityOrigin(pageOrigin.url, RETRY_AFTER_SECONDS)
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
    page = await browser.newPage()
    await page.goto(pageOrigin.url)
    await page.waitForFunction(() => 'reality' in globalThis)
  })
  afterAll(async () => {
    await browser?.close()
    await reality?.close()
    await pageOrigin?.close()
  })

  const sync = (key: string, options: Parameters<PageApi['sync']>[1]) =>
    page.evaluate(([key, options]) => (globalThis as PageGlobals).reality.sync(key, options), [key, options] as const)

  it('reads Retry-After on a 503 and waits that long before retrying', async () => {
    reality.outage = true
    const failed = reality.seen((s) => s.status === 503)
    const synced = sync('retry:key', { servers: [reality.url] })
    const refused = await failed
    reality.outage = false
    await synced
    const retried = await reality.seen((s) => s.at > refused.at && s.status === 200)
    // Unreadable, the header would leave the client to its own back-off of ~100 ms.
    expect(retried.at - refused.at).toBeGreaterThanOrEqual(RETRY_AFTER_SECONDS * 1000)
  })

  it('sends a custom header listed in cors.allowHeaders through the preflight', async () => {
    await sync('tenant:key', { servers: [reality.url], headers: { 'x-tenant': 'acme' } })
    expect((await reality.seen((s) => s.headers['x-tenant'] === 'acme')).status).toBe(200)
  })

  it("sends the server's cookie with credentials: 'include', and none by default", async () => {
    await page.context().addCookies([{ name: 'session', value: 'abc123', url: reality.url }])
    await sync('cookie:default', { servers: [reality.url], headers: { 'x-tenant': 'no-cookie' } })
    await sync('cookie:include', { servers: [reality.url], credentials: 'include', headers: { 'x-tenant': 'cookie' } })
    expect((await reality.seen((s) => s.headers['x-tenant'] === 'no-cookie')).headers.cookie).toBeUndefined()
    expect((await reality.seen((s) => s.headers['x-tenant'] === 'cookie')).headers.cookie).toBe('session=abc123')
  })

  it('calls a headers function per request', async () => {
    await page.evaluate(async (server) => {
      let n = 0
      const { reality } = globalThis as PageGlobals
      const options = { servers: [server], headers: async () => ({ 'x-tenant': `call-${++n}` }) }
      await reality.sync('fn:a', options)
      await reality.sync('fn:b', options)
    }, reality.url)
    await reality.seen((s) => s.headers['x-tenant'] === 'call-1')
    await reality.seen((s) => s.headers['x-tenant'] === 'call-2')
  })

  it("sends a RealityProvider's rotated token without a remount", async () => {
    await page.evaluate((server) => (globalThis as PageGlobals).reality.mount(server, 'first'), reality.url)
    await reality.seen((s) => s.headers.authorization === 'Bearer first')
    await page.evaluate(async () => {
      const { reality } = globalThis as PageGlobals
      reality.rotate('second')
      await reality.syncMounted()
    })
    expect((await reality.seen((s) => s.headers.authorization === 'Bearer second')).status).toBe(200)
  })
})
