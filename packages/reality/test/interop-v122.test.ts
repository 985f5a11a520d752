import { createRealityClient } from '@rootlodge/reality'
import { createRealityServer, MemoryStorage } from 'reality-server-v122'
import { afterEach, describe, expect, it } from 'vitest'
import { fetchBridge } from './support/fetch-bridge'
import { manualManagers } from './support/managers'
import { serve } from './support/reality-server'

/*
 * Interoperability with @rootlodge/reality-server@1.2.2, an earlier published server, used as a black box: its
 * responses carry `mesh.peers` as a record and omit `key`/`updatedAt` in `changed`, and it rejects requests without
 * a UUID clientId, a mode and a hint.
 */

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

const startV122 = async () => {
  const server = createRealityServer({ serverId: 'v122' }, new MemoryStorage())
  let syncs = 0
  const handler = server.getFetchHandler('/reality')
  const http = await serve(
    fetchBridge(async (request) => {
      if (new URL(request.url).pathname.endsWith('/sync')) syncs++
      return handler(request)
    }),
  )
  closers.push(http.close)
  return { server, url: http.url, syncs: () => syncs }
}

describe('against @rootlodge/reality-server@1.2.2', () => {
  it('syncs, detects changes and refetches only changed payloads', async () => {
    const v122 = await startV122()
    await v122.server.updateNode('posts', 'p1')
    const client = createRealityClient({ servers: [v122.url], managers: manualManagers() })
    let postFetches = 0
    let userFetches = 0
    client.subscribe('posts', () => {}, { fetcher: async () => `posts ${++postFetches}` })
    client.subscribe('user:1', () => {}, { fetcher: async () => `user ${++userFetches}` })
    await client.syncKeys([])
    const posts = client.getState('posts')
    expect(posts).toMatchObject({ status: 'idle', error: null, data: 'posts 1' })
    expect(posts.meta).toMatchObject({ key: 'posts', hash: 'p1' })
    expect(typeof posts.meta?.updatedAt).toBe('number') // normalised from serverTime
    expect(client.getState('user:1')).toMatchObject({ status: 'idle', error: null, data: 'user 1', meta: null })

    await v122.server.updateNode('posts', 'p2')
    await client.syncAll()
    expect(client.getState('posts')).toMatchObject({ data: 'posts 2', error: null })
    expect(client.getState('posts').meta?.hash).toBe('p2')
    expect(userFetches).toBe(1)

    await client.syncAll()
    expect(postFetches).toBe(2)
    expect(v122.syncs()).toBe(3)
    client.destroy()
  })
})
