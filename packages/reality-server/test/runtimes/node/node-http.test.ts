import { afterAll, beforeAll, describe, expect } from 'vitest'
import { type Child, startChild } from '../support/child'
import { ADMIN_TOKEN, BODY_LIMIT, itServesReality } from '../support/sync-suite'

/* The direct node:http handler in its own Node process, loading the built package as ESM and as CommonJS. */
describe.each([
  { entry: 'ESM', script: 'server.mjs' },
  { entry: 'CommonJS', script: 'server.cjs' },
])('Node $entry: http.createServer(createNodeHandler(server))', ({ script }) => {
  let child: Child
  beforeAll(async () => {
    child = await startChild({
      command: process.execPath,
      args: [new URL(script, import.meta.url).pathname],
      env: { REALITY_ADMIN_TOKEN: ADMIN_TOKEN, REALITY_BODY_LIMIT: String(BODY_LIMIT) },
    })
    expect(child.ready).toMatchObject({ runtime: 'node', version: process.versions.node })
  })
  afterAll(() => child?.stop())

  itServesReality(() => ({ base: `${child.origin('main')}/reality` }))
})
