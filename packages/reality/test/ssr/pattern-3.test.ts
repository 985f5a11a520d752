import { createRealityClient, createRealityTanStackAdapter, hydrationOptions } from '@rootlodge/reality'
import { createEmbeddedRealityServer } from '@rootlodge/reality-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AppServer, startAppServer } from '../react/support/app-server'

// ── The API guide's "Pattern 3: SSR with TanStack", verbatim except `db` and `redirect`, which the guide takes
// from the app (here: an in-memory table and a plain 302). ───────────────────────────────────────────────────
type PostRow = { title: string }
const table: PostRow[] = [{ title: 'first' }]
const db = {
  query: { posts: { findMany: async () => [...table] } },
  insert: (_table: string) => ({ values: async (row: PostRow) => table.push(row) }),
}
const posts = 'posts'
const redirect = (location: string) => new Response(null, { status: 302, headers: { location } })

// Create embedded server once
const embedded = createEmbeddedRealityServer({ serverId: 'ssr' })

export async function loader() {
  const adapter = createRealityTanStackAdapter({ keys: ['posts'] })
  const realityState = await adapter.prefetch()
  const posts = await db.query.posts.findMany()

  return { posts, realityState }
}

export async function action({ request }: { request: Request }) {
  const data = await request.formData()
  await db.insert(posts).values({ title: data.get('title') as string })
  await embedded.invalidate(['posts'])
  return redirect('/posts')
}
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────

let app: AppServer

beforeAll(async () => {
  await embedded.invalidate(['posts'])
  // The browser's sync requests reach the same server over HTTP; its payload API serves the table.
  app = await startAppServer(embedded.server)
})
afterAll(() => app.close())

/** What a browser does with the loader's JSON: a client started from it, fetching /api/posts when told to. */
const hydrateInBrowser = (loaderJson: string) => {
  const { posts: rows, realityState } = JSON.parse(loaderJson) as Awaited<ReturnType<typeof loader>>
  // `client`: what `auto` resolves to in a browser (this Node process also holds the embedded server).
  const client = createRealityClient({
    servers: [app.url],
    executionMode: 'client',
    ...hydrationOptions(realityState, { posts: rows }),
  })
  let fetches = 0
  const unsubscribe = client.subscribe('posts', () => {}, {
    fetcher: async () => {
      fetches++
      return (await fetch(`${app.url}/api/posts`)).json()
    },
  })
  return {
    client,
    fetches: () => fetches,
    stop: () => {
      unsubscribe()
      client.destroy()
    },
  }
}

describe('API guide Pattern 3: SSR with TanStack and the embedded server', () => {
  it('hydrates without refetching the unchanged payload, and refetches after an action invalidated it', async () => {
    await app.publish('posts', [...table])
    const loaderJson = JSON.stringify(await loader())
    const browser = hydrateInBrowser(loaderJson)
    const syncsBefore = app.syncCount()

    await browser.client.syncKeys(['posts'], 'mount')
    expect(app.syncCount()).toBeGreaterThan(syncsBefore) // it did ask the server …
    expect(browser.fetches()).toBe(0) // … and was told nothing changed: no payload request
    expect(app.payloadCount('posts')).toBe(0)
    expect(browser.client.getState('posts')).toMatchObject({ data: [{ title: 'first' }], status: 'idle' })

    const form = new FormData()
    form.set('title', 'second')
    const response = await action({ request: new Request('http://app/posts', { method: 'POST', body: form }) })
    expect(response.status).toBe(302)
    await app.publish('posts', [...table])

    await browser.client.syncKeys(['posts'], 'focus')
    expect(browser.fetches()).toBe(1)
    expect(browser.client.getState('posts').data).toEqual([{ title: 'first' }, { title: 'second' }])
    browser.stop()
  })

  it('the loader state is plain JSON holding the version and metadata read from the embedded server', async () => {
    const { realityState } = await loader()
    const node = await embedded.getNode('posts')
    expect(JSON.parse(JSON.stringify(realityState))).toEqual(realityState)
    expect(realityState.known).toEqual({ posts: node!.version })
    expect(realityState.metas.posts).toEqual({
      key: 'posts',
      version: node!.version,
      hash: node!.hash,
      updatedAt: node!.updatedAt,
    })
    expect(realityState.data).toEqual({})
  })
})
