import {
  createRealityClient,
  createRealityTanStackAdapter,
  hydrationOptions,
  TanStackRealityAdapter,
} from '@rootlodge/reality'
import { createEmbeddedRealityServer } from '@rootlodge/reality-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AppServer, startAppServer } from '../react/support/app-server'

const embedded = createEmbeddedRealityServer({ serverId: 'adapter-test' })
let app: AppServer

beforeAll(async () => {
  app = await startAppServer(embedded.server)
})
afterAll(() => app.close())

describe('createRealityTanStackAdapter', () => {
  it('is the API guide snippet: adapter for keys, prefetch in the loader, invalidate from an action', async () => {
    // Verbatim from the guide's "SSR / TanStack Integration"; 'tanstack-ssr' is not registered, and the process
    // has a single embedded server, so that one answers.
    const adapter = createRealityTanStackAdapter({
      keys: ['posts', 'user:123'],
      serverId: 'tanstack-ssr',
    })
    expect(adapter).toBeInstanceOf(TanStackRealityAdapter)
    const first = await adapter.prefetch()
    await adapter.invalidate(['posts'])
    const second = await adapter.prefetch()
    expect(second.known.posts).toBeGreaterThan(first.known.posts)
    expect(second.known['user:123']).toBe(first.known['user:123'])
  })

  it('reports 0 for keys the server never saw, and invalidates its own keys by default', async () => {
    const adapter = createRealityTanStackAdapter({ keys: ['never:seen:a', 'never:seen:b'], serverId: 'adapter-test' })
    const before = await adapter.prefetch()
    expect(before).toMatchObject({ known: { 'never:seen:a': 0, 'never:seen:b': 0 }, metas: {}, data: {} })
    const metas = await adapter.invalidate()
    expect(metas.map((meta) => meta.key)).toEqual(['never:seen:a', 'never:seen:b'])
    const after = await adapter.prefetch()
    expect(after.known['never:seen:a']).toBe(metas[0].version)
    expect(after.metas['never:seen:b']).toEqual(metas[1])
  })

  it('dehydrates payloads loaded by `fetchers`, each after its version was read', async () => {
    await embedded.invalidate(['race'])
    const adapter = createRealityTanStackAdapter({
      keys: ['race'],
      fetchers: {
        // A write lands while the render loads the payload: the state must keep the version read BEFORE it.
        race: async () => {
          await embedded.invalidate(['race'])
          return 'payload loaded during the write'
        },
      },
    })
    const state = JSON.parse(JSON.stringify(await adapter.prefetch()))
    const current = await embedded.getNode('race')
    expect(state.data).toEqual({ race: 'payload loaded during the write' })
    expect(state.known.race).toBeLessThan(current!.version)

    // So the browser sees the newer version and refetches instead of trusting a payload it cannot date.
    await app.publish('race', 'after the write')
    const client = createRealityClient({ servers: [app.url], executionMode: 'client', ...hydrationOptions(state) })
    const off = client.subscribe('race', () => {}, {
      fetcher: async () => (await fetch(`${app.url}/api/race`)).json(),
    })
    expect(client.getState('race').data).toBe('payload loaded during the write')
    await client.syncKeys(['race'], 'mount')
    expect(client.getState('race').data).toBe('after the write')
    off()
    client.destroy()
  })
})
