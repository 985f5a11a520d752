import { denoLaunch } from '@reality-internal/test-utils'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { send } from '../../support/http'
import { type Child, startChild } from '../support/child'
import { ADMIN_TOKEN, BODY_LIMIT, itServesReality } from '../support/sync-suite'

/*
 * The real Deno (npm `deno`) in its own process, with only the permissions the fetch path needs:
 * network, reading the repository (the built package), and its two env vars. No Node globals are
 * touched on the way, or Deno would fail the request.
 */
describe('Deno', () => {
  let child: Child
  beforeAll(async () => {
    child = await startChild(
      denoLaunch(new URL('server.ts', import.meta.url).pathname, {
        env: { REALITY_ADMIN_TOKEN: ADMIN_TOKEN, REALITY_BODY_LIMIT: String(BODY_LIMIT) },
      }),
    )
  })
  afterAll(() => child?.stop())

  it('is Deno itself, not Node', () => {
    expect(child.ready.runtime).toBe('deno')
    expect(child.ready.version).toMatch(/^2\./)
  })

  describe('Deno.serve(createFetchHandler(server))', () => {
    itServesReality(() => ({ base: `${child.origin('fetch')}/reality` }))
  })

  describe('server.listen() (node:http from process.getBuiltinModule)', () => {
    itServesReality(() => ({ base: `${child.origin('listen')}/reality` }))
  })

  describe("Deno.serve(server.getFetchHandler('/reality'))", () => {
    itServesReality(() => ({ base: `${child.origin('guide')}/reality` }))

    it('answers our JSON 404 outside the routes', async () => {
      const reply = await send(`${child.origin('guide')}/elsewhere`, { method: 'GET' })
      expect(reply.status).toBe(404)
      expect(reply.body).toMatchObject({ error: 'not_found' })
    })
  })
})
