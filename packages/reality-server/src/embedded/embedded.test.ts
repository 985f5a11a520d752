import { randomUUID } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import { InvalidRequestError } from '../core/errors'
import { createEmbeddedRealityServer, getEmbeddedRealityServer } from '.'

describe('createEmbeddedRealityServer', () => {
  it('syncs and invalidates in process, without HTTP', async () => {
    const embedded = createEmbeddedRealityServer({ serverId: `ssr-${randomUUID()}` })
    const [posts] = await embedded.invalidate(['posts'])
    const first = await embedded.handleSync({ known: { posts: 0, comments: 0 } })
    expect(first.changed).toEqual({
      posts: {
        key: 'posts',
        version: posts.version,
        hash: posts.hash,
        updatedAt: posts.updatedAt,
        source: embedded.serverId,
      },
    })
    expect(first.mesh.serverId).toBe(embedded.serverId)
    expect((await embedded.handleSync({ known: { posts: posts.version } })).changed).toEqual({})

    const [again] = await embedded.invalidate('posts')
    expect(again.version).toBeGreaterThan(posts.version)
    const full = await embedded.handleSync({
      known: { posts: posts.version },
      clientId: 'c',
      mode: 'native',
      hint: 'mutation',
    })
    expect(full.changed.posts.version).toBe(again.version)
  })

  it('rejects a bad request with the same error the HTTP path turns into a 400', async () => {
    const embedded = createEmbeddedRealityServer({ serverId: `ssr-${randomUUID()}` })
    await expect(embedded.handleSync({ known: { posts: -1 } })).rejects.toBeInstanceOf(InvalidRequestError)
    await expect(embedded.handleSync({ known: { posts: -1 } })).rejects.toMatchObject({
      status: 400,
      issues: [{ path: 'known.posts' }],
    })
  })

  it('returns one instance per serverId', () => {
    const id = `ssr-${randomUUID()}`
    const embedded = createEmbeddedRealityServer({ serverId: id })
    expect(createEmbeddedRealityServer({ serverId: id })).toBe(embedded)
    expect(getEmbeddedRealityServer(id)).toBe(embedded)
    expect(createEmbeddedRealityServer({ serverId: `ssr-${randomUUID()}` })).not.toBe(embedded)
  })

  it('survives a hot reload: re-imported modules hand back the same server and versions', async () => {
    const id = `ssr-${randomUUID()}`
    const before = await import('.')
    const embedded = before.createEmbeddedRealityServer({ serverId: id })
    const [posts] = await embedded.invalidate(['posts'])

    // What a dev server does on a file change: drop the module cache and evaluate again.
    vi.resetModules()
    const after = await import('.')
    expect(after.createEmbeddedRealityServer).not.toBe(before.createEmbeddedRealityServer)

    const reloaded = after.createEmbeddedRealityServer({ serverId: id })
    expect(reloaded).toBe(embedded)
    expect((await reloaded.handleSync({ known: { posts: posts.version } })).changed).toEqual({})
    const [next] = await reloaded.invalidate(['posts'])
    expect(next.version).toBeGreaterThan(posts.version)
    expect((await reloaded.handleSync({ known: { posts: posts.version } })).changed.posts.version).toBe(next.version)
  })
})
