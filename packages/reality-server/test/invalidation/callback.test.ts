import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createCallbackInvalidationAdapter, createNodeHandler, RealityServer } from '@rootlodge/reality-server'
import { describe, expect, it } from 'vitest'

describe('createCallbackInvalidationAdapter', () => {
  it('hears every invalidation after it was written: updateNode, invalidateMany and POST /invalidate', async () => {
    const server = new RealityServer({ serverId: 'callback', adminToken: 'secret' })
    const heard: { keys: string[]; versions: (number | undefined)[] }[] = []
    // The seed's form, with an async callback; the nodes already exist when it runs.
    const adapter = createCallbackInvalidationAdapter({
      onInvalidate: async (keys) => {
        heard.push({ keys, versions: await Promise.all(keys.map(async (key) => (await server.getNode(key))?.version)) })
      },
    })
    server.setInvalidationAdapter(adapter)
    const a = await server.updateNode('posts', 'h1')
    const [b, c] = await server.invalidateMany(['user:1', 'user:2'])
    const http = createServer(createNodeHandler(server))
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()))
    try {
      const response = await fetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/reality/invalidate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer secret' },
        body: JSON.stringify({ keys: ['feed'] }),
      })
      expect(response.status).toBe(200)
    } finally {
      await new Promise<void>((resolve) => http.close(() => resolve()))
    }
    expect(heard.slice(0, 2)).toEqual([
      { keys: ['posts'], versions: [a.version] },
      { keys: ['user:1', 'user:2'], versions: [b.version, c.version] },
    ])
    expect(heard[2].keys).toEqual(['feed'])
    expect(heard[2].versions[0]).toBeGreaterThan(c.version)
  })

  it('a throwing callback goes to onError and never fails the update', async () => {
    const errors: unknown[] = []
    const server = new RealityServer({ onError: (error) => errors.push(error) })
    server.setInvalidationAdapter(
      createCallbackInvalidationAdapter({
        onInvalidate: () => {
          throw new Error('purge failed')
        },
      }),
    )
    const meta = await server.updateNode('posts', 'h')
    expect((await server.getNode('posts'))?.version).toBe(meta.version)
    expect(errors).toHaveLength(1)
    expect((errors[0] as Error).message).toBe('purge failed')
  })
})
