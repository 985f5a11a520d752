import { bunLaunch } from '@reality-internal/test-utils'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { send } from '../../support/http'
import { type Child, startChild } from '../support/child'
import { ADMIN_TOKEN, BODY_LIMIT, freshKey, invalidate, itServesReality, sync } from '../support/sync-suite'

/* The real Bun (npm `bun`) in its own process, serving the built package through the seeds' Bun.serve snippets. */
describe('Bun', () => {
  let child: Child
  beforeAll(async () => {
    child = await startChild(
      bunLaunch(new URL('server.ts', import.meta.url).pathname, {
        REALITY_ADMIN_TOKEN: ADMIN_TOKEN,
        REALITY_BODY_LIMIT: String(BODY_LIMIT),
      }),
    )
  })
  afterAll(() => child?.stop())

  it('is Bun itself, not Node', () => {
    expect(child.ready.runtime).toBe('bun')
    expect(child.ready.version).toMatch(/^1\./)
  })

  describe("Bun.serve with server.getFetchHandler('/reality') (API guide)", () => {
    itServesReality(() => ({ base: `${child.origin('guide')}/reality` }))

    it('answers 404 under the prefix outside the routes, and the app 404 elsewhere', async () => {
      const inside = await send(`${child.origin('guide')}/reality/nope`, { method: 'GET' })
      expect(inside.status).toBe(404)
      expect(inside.body).toMatchObject({ error: 'not_found' })
      const outside = await send(`${child.origin('guide')}/elsewhere`, { method: 'GET' })
      expect(outside).toMatchObject({ status: 404, text: 'Not Found' })
    })
  })

  describe('server.listen() with the port and host options (Bun.serve inside)', () => {
    it('binds a free port for port 0 and reports its URL', () => {
      const { ports, listenUrl } = child.ready as typeof child.ready & { listenUrl: string }
      expect(ports.listen).toBeGreaterThan(0)
      expect(listenUrl).toBe(`http://127.0.0.1:${ports.listen}`)
    })

    itServesReality(() => ({ base: `${child.origin('listen')}/reality` }))
  })

  describe('Bun.serve with createFetchHandler(server) on /reality/sync (server README)', () => {
    it('syncs through the README route and sees changes made through the other server', async () => {
      const key = freshKey('bun-readme')
      const [version] = await invalidate(`${child.origin('guide')}/reality`, [key])
      const changed = await sync(`${child.origin('readme')}/reality`, { [key]: 0 })
      expect(changed[key]).toMatchObject({ key, version })
      const health = await send(`${child.origin('readme')}/reality/health`, { method: 'GET' })
      expect(health).toMatchObject({ status: 404, text: 'Not Found' })
    })
  })
})
