import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { send } from '../../support/http'
import { bin, type Child, run, startChild } from '../support/child'
import { ADMIN_TOKEN, BODY_LIMIT, freshKey, invalidate, itServesReality, sync } from '../support/sync-suite'

/*
 * A Next.js App Router app (./app) built with `next build` and served by `next start` in its own
 * process, on the built package. Two route files share one RealityServer:
 *   app/reality/[...path]/route.js  export const { GET, POST, OPTIONS } = createNextRouteHandlers(server, { prefix })
 *   app/single/sync/route.js        export const { GET, POST } = createNextRouteHandlers(server)
 * The root layout (app/layout.js, a Server Component) renders RealityProvider from @rootlodge/reality/react and
 * the page a client component calling useReality: the build fails unless that entry ships "use client".
 * The build writes only to app/test-output (ignored); telemetry is off and no font is fetched.
 */
const APP_DIR = fileURLToPath(new URL('app/', import.meta.url))
const ENV = {
  NEXT_TELEMETRY_DISABLED: '1',
  // Next would otherwise fetch SWC package data from the registry to patch the root lockfile.
  NEXT_IGNORE_INCORRECT_LOCKFILE: '1',
  REALITY_ADMIN_TOKEN: ADMIN_TOKEN,
  REALITY_BODY_LIMIT: String(BODY_LIMIT),
}

describe('Next.js App Router route handlers (next build + next start)', () => {
  let child: Child
  let origin: string

  beforeAll(async () => {
    await run(bin('next'), ['build'], { cwd: APP_DIR, env: ENV })
    child = await startChild({
      command: bin('next'),
      args: ['start', '--port', '0', '--hostname', '127.0.0.1'],
      cwd: APP_DIR,
      env: ENV,
      parseReady: (stdout) => {
        const port = /Local:\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout)?.[1]
        return port === undefined ? undefined : { runtime: 'next', version: '', ports: { main: Number(port) } }
      },
    })
    origin = child.origin('main')
  }, 300_000)
  afterAll(() => child?.stop())

  describe("app/reality/[...path]/route.js with { prefix: '/reality' }", () => {
    itServesReality(() => ({ base: `${origin}/reality` }))

    it('answers HEAD /health (Next derives it from GET) and our JSON 404 for other paths under the prefix', async () => {
      const head = await fetch(`${origin}/reality/health`, { method: 'HEAD' })
      expect(head.status).toBe(200)
      const missing = await send(`${origin}/reality/elsewhere`, { method: 'GET' })
      expect(missing).toMatchObject({ status: 404, body: { error: 'not_found' } })
    })
  })

  describe('app/single/sync/route.js without a prefix', () => {
    it('syncs against the same server as the catch-all route', async () => {
      const key = freshKey('next')
      const [version] = await invalidate(`${origin}/reality`, [key])
      expect((await sync(`${origin}/single`, { [key]: 0 }))[key].version).toBe(version)
      const wrongMethod = await send(`${origin}/single/sync`, { method: 'PUT' })
      expect(wrongMethod.status).toBe(405)
    })
  })

  describe('app/layout.js with RealityProvider, app/page.js with a useReality client component', () => {
    it('prerenders the page with the fallback', async () => {
      const page = await fetch(`${origin}/`)
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(html).toContain('Reality on the App Router')
      expect(html).toMatch(/server status: (<!-- -->)?waiting/)
    })

    it('hydrates in Chromium: the client component syncs and loads its payload', async () => {
      const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      })
      try {
        const page = await browser.newPage()
        await page.goto(`${origin}/`)
        await page.locator('#status', { hasText: 'server status: ok' }).waitFor()
      } finally {
        await browser.close()
      }
    })
  })
})
