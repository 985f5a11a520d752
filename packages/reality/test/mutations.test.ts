import { deferred, waitFor } from '@reality-internal/test-utils'
import { createRealityClient, type RealityClient } from '@rootlodge/reality'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flush } from './support/deferred'
import { manualManagers } from './support/managers'
import { startRealityServer, type TestServer } from './support/reality-server'

/*
 * mutate() and realtime() against a real server: the "API" is an in-test list whose change the test reports to the
 * RealityServer, as an application's handler would.
 */

let server: TestServer
let client: RealityClient
let posts: string[]
const fetchPosts = async () => [...posts]
const addPost = async (title: string) => {
  posts.push(title)
  await server.reality.updateNode('posts', posts.join('|'))
  return posts.length
}

beforeEach(async () => {
  server = await startRealityServer()
  posts = ['first']
  client = createRealityClient({ servers: [server.url], managers: manualManagers() })
})
afterEach(async () => {
  client.destroy()
  await server.stop()
})

describe('mutate', () => {
  it('shows the optimistic data at once, then reconciles with the server (hint mutation)', async () => {
    client.subscribe('posts', () => {}, { fetcher: fetchPosts })
    await client.syncKeys([])
    const gate = deferred<void>()
    const result = client.mutate(
      'posts',
      'second',
      async (title) => {
        await gate.promise
        return addPost(title)
      },
      { optimisticUpdate: (current: string[] | undefined, title) => [...(current ?? []), `${title} (pending)`] },
    )
    expect(client.getState('posts').data).toEqual(['first', 'second (pending)'])
    gate.resolve()
    expect(await result).toBe(2)
    await waitFor(() => JSON.stringify(client.getState('posts').data) === '["first","second"]')
    expect(server.requests.at(-1)?.hint).toBe('mutation')
  })

  it('keeps a fetch that started before the optimistic update from overwriting it', async () => {
    const slow = deferred<string[]>()
    let calls = 0
    client.subscribe('posts', () => {}, { fetcher: () => (++calls === 1 ? slow.promise : fetchPosts()) })
    await waitFor(() => calls === 1)
    const gate = deferred<void>()
    const done = client.mutate('posts', 'x', () => gate.promise, { optimisticUpdate: () => ['optimistic'] })
    slow.resolve(['stale'])
    await flush()
    expect(client.getState('posts').data).toEqual(['optimistic'])
    gate.resolve()
    await done
    await waitFor(() => JSON.stringify(client.getState('posts').data) === '["first"]')
  })

  it('rolls back when the mutation throws, and rethrows', async () => {
    client.subscribe('posts', () => {}, { fetcher: fetchPosts })
    await client.syncKeys([])
    const failing = client.mutate(
      'posts',
      'bad',
      async () => {
        throw new Error('rejected')
      },
      { optimisticUpdate: (current: string[] | undefined) => [...(current ?? []), 'bad'] },
    )
    await expect(failing).rejects.toThrow('rejected')
    expect(client.getState('posts').data).toEqual(['first'])
  })

  it('keeps the optimistic data on failure with rollbackOnError: false', async () => {
    client.subscribe('posts', () => {}, { fetcher: fetchPosts })
    await client.syncKeys([])
    await expect(
      client.mutate('posts', 1, () => Promise.reject(new Error('no')), {
        optimisticUpdate: () => ['kept'],
        rollbackOnError: false,
      }),
    ).rejects.toThrow('no')
    expect(client.getState('posts').data).toEqual(['kept'])
  })

  it('refetches invalidateKeys after success', async () => {
    let feedFetches = 0
    client.subscribe('posts', () => {}, { fetcher: fetchPosts })
    client.subscribe('feed', () => {}, { fetcher: async () => ++feedFetches })
    await client.syncKeys([])
    await client.mutate('posts', 'second', addPost, { invalidateKeys: ['feed'] })
    await waitFor(() => feedFetches === 2)
    expect(server.requests.at(-1)).toMatchObject({ hint: 'mutation' })
    expect(Object.keys(server.requests.at(-1)?.known as object).sort()).toEqual(['feed', 'posts'])
  })
})

describe('realtime', () => {
  it('binds a key to its options: subscribe, getState, sync', async () => {
    const handle = client.realtime<string[]>('posts', { fallback: [], fetcher: fetchPosts })
    const seen: (string[] | undefined)[] = []
    const off = handle.subscribe((state) => seen.push(state.data))
    expect(handle.key).toBe('posts')
    expect(handle.getState().data).toEqual([])
    await handle.sync('interaction')
    expect(handle.getState().data).toEqual(['first'])
    await addPost('second')
    await handle.sync()
    expect(handle.getState().data).toEqual(['first', 'second'])
    expect(seen).toContainEqual(['first', 'second'])
    off()
  })
})
