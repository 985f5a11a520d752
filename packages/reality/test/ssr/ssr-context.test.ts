import { createSSRContext, serializeState } from '@rootlodge/reality'
import { createEmbeddedRealityServer } from '@rootlodge/reality-server'
import { describe, expect, it } from 'vitest'

const embedded = createEmbeddedRealityServer({ serverId: 'context-test' })

describe('createSSRContext', () => {
  it('collects versions and payloads of one render into a JSON state', async () => {
    const [posts] = await embedded.invalidate(['ctx:posts'])
    const ssr = createSSRContext({ serverId: 'context-test' })
    const loaded = await ssr.load('ctx:posts', (key, meta) => ({ key, version: meta?.version }))
    expect(loaded).toEqual({ key: 'ctx:posts', version: posts.version })

    await ssr.prefetch(['ctx:user'])
    ssr.set('ctx:user', { name: 'Ada' })
    ssr.set('ctx:elsewhere', 'loaded without prefetch')
    expect(ssr.dehydrate()).toEqual({
      known: { 'ctx:posts': posts.version, 'ctx:user': 0, 'ctx:elsewhere': 0 },
      metas: {
        'ctx:posts': { key: 'ctx:posts', version: posts.version, hash: posts.hash, updatedAt: posts.updatedAt },
      },
      data: {
        'ctx:posts': { key: 'ctx:posts', version: posts.version },
        'ctx:user': { name: 'Ada' },
        'ctx:elsewhere': 'loaded without prefetch',
      },
      serverTime: expect.any(Number),
    })
  })

  it('reads each version once: a key loaded after its prefetch keeps the version read first', async () => {
    const [first] = await embedded.invalidate(['ctx:once'])
    const ssr = createSSRContext({ serverId: 'context-test' })
    await ssr.prefetch(['ctx:once'])
    await embedded.invalidate(['ctx:once'])
    await ssr.load('ctx:once', () => 'data')
    expect(ssr.dehydrate().known['ctx:once']).toBe(first.version)
  })

  it('serialises safely for an inline <script>', async () => {
    const ssr = createSSRContext({ serverId: 'context-test' })
    ssr.set('ctx:html', '</script><script>alert(1)</script>\u2028')
    const text = ssr.serialize()
    expect(text).not.toMatch(/<\/script>/i)
    expect(text).not.toContain('\u2028')
    expect(JSON.parse(text)).toEqual(ssr.dehydrate())
    expect(serializeState(ssr.dehydrate())).toBe(text)
  })
})
