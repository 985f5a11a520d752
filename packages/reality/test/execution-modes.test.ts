import { createRealityClient } from '@rootlodge/reality'
import { createEmbeddedRealityServer, type EmbeddedRealityServer } from '@rootlodge/reality-server'
import { afterEach, describe, expect, it } from 'vitest'
import { manualManagers } from './support/managers'
import { startRealityServer } from './support/reality-server'

/*
 * Execution modes in Node: ssr-embedded calls the embedded server in-process (the configured HTTP server does not
 * exist, so any HTTP attempt would fail), auto picks it when one is registered and HTTP otherwise.
 */

const NOWHERE = 'http://127.0.0.1:9' // discard port: nothing listens, an HTTP sync would fail
const started: EmbeddedRealityServer[] = []
const embeddedServer = (serverId: string): EmbeddedRealityServer => {
  const embedded = createEmbeddedRealityServer({ serverId })
  started.push(embedded)
  return embedded
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((embedded) => embedded.close()))
})

describe('execution modes', () => {
  it('ssr-embedded syncs in-process with the embedded server, without HTTP', async () => {
    const embedded = embeddedServer('in-process-ssr')
    await embedded.invalidate(['posts'])
    const client = createRealityClient({
      executionMode: 'ssr-embedded',
      serverId: 'in-process-ssr',
      servers: [NOWHERE],
      maxRetries: 0,
      managers: manualManagers(),
    })
    let fetches = 0
    client.subscribe('posts', () => {}, { fetcher: async () => ++fetches })
    await client.syncKeys([])
    expect(client.getState('posts')).toMatchObject({ error: null, data: 1 })
    expect(client.getState('posts').meta?.key).toBe('posts')
    await embedded.updateNode('posts', 'h2')
    await client.syncAll()
    expect(client.getState('posts').data).toBe(2)
    expect(client.getExecutionMode()).toBe('ssr-embedded')
    client.destroy()
  })

  it('ssr-embedded without a registered server reports an error on the keys', async () => {
    const client = createRealityClient({ executionMode: 'ssr-embedded', managers: manualManagers() })
    client.subscribe('k', () => {})
    await client.syncKeys([])
    expect(client.getState('k').error).toMatchObject({ code: 'embedded' })
    client.destroy()
  })

  it('auto uses HTTP in Node without an embedded server, and the embedded one once registered', async () => {
    const http = await startRealityServer()
    const client = createRealityClient({ servers: [http.url], managers: manualManagers() })
    client.subscribe('k', () => {})
    await client.syncKeys([])
    expect(client.getExecutionMode()).toBe('client')
    expect(http.requests).toHaveLength(1)

    embeddedServer('created-after-client')
    expect(client.getExecutionMode()).toBe('ssr-embedded')
    await client.syncAll()
    expect(http.requests).toHaveLength(1)
    expect(client.getState('k').error).toBeNull()
    client.destroy()
    await http.stop()
  })

  it('client and server-external always use HTTP', async () => {
    embeddedServer('ignored-by-http-modes')
    const http = await startRealityServer()
    for (const executionMode of ['client', 'server-external'] as const) {
      const client = createRealityClient({ executionMode, servers: [http.url], managers: manualManagers() })
      client.subscribe('k', () => {})
      await client.syncKeys([])
      expect(client.getExecutionMode()).toBe(executionMode)
      client.destroy()
    }
    expect(http.requests).toHaveLength(2)
    await http.stop()
  })
})
