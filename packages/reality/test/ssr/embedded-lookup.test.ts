import { createRealityClient, type ExecutionMode, getEmbeddedServer } from '@rootlodge/reality'
import {
  createEmbeddedRealityServer,
  type EmbeddedRealityServer,
  getEmbeddedRealityServer,
} from '@rootlodge/reality-server'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { manualManagers } from '../support/managers'
import { startRealityServer, type TestServer } from '../support/reality-server'

/*
 * The server package registers embedded servers; the client finds them through `globalThis`. Every reader must
 * pick the same server for a `serverId`: the server's `getEmbeddedRealityServer`, the client's `getEmbeddedServer`,
 * and a client created as in the API guide (`executionMode` 'auto' or 'ssr-embedded', `mode: 'native'`). Each
 * server stamps the key with its own id as the hash, so the state shows which one answered a sync.
 */

const KEY = 'posts'
const HTTP_ID = 'http-server'
let http: TestServer
let started: EmbeddedRealityServer[] = []

beforeAll(async () => {
  http = await startRealityServer(HTTP_ID)
  await http.reality.updateNode(KEY, HTTP_ID)
})
afterAll(() => http.stop())
afterEach(async () => {
  await Promise.all(started.map((embedded) => embedded.close()))
  started = []
})

const register = async (ids: readonly string[]) => {
  for (const serverId of ids) {
    const embedded = createEmbeddedRealityServer({ serverId })
    started.push(embedded)
    await embedded.updateNode(KEY, serverId)
  }
}

/** The hash of KEY after one sync of a client created as the API guide shows, or its error code. */
const syncedBy = async (executionMode: ExecutionMode, serverId: string | undefined) => {
  const client = createRealityClient({
    servers: [http.url],
    executionMode,
    mode: 'native',
    serverId,
    maxRetries: 0,
    managers: manualManagers(),
  })
  client.subscribe(KEY, () => {})
  await client.syncAll()
  const { meta, error } = client.getState(KEY)
  const resolved = client.getExecutionMode()
  client.destroy()
  return { resolved, answeredBy: meta?.hash, error: (error as { code?: string } | null)?.code }
}

const cases: { name: string; registered: string[]; serverId?: string; expected: string | undefined }[] = [
  {
    name: 'an exact id match',
    registered: ['ssr', 'tanstack-ssr'],
    serverId: 'tanstack-ssr',
    expected: 'tanstack-ssr',
  },
  { name: 'a single server under another id', registered: ['ssr'], serverId: 'tanstack-ssr', expected: 'ssr' },
  {
    name: 'several servers, none of them the id',
    registered: ['ssr', 'admin-ssr'],
    serverId: 'tanstack-ssr',
    expected: undefined,
  },
  { name: 'no server at all', registered: [], serverId: 'tanstack-ssr', expected: undefined },
  { name: 'several servers and no id: the first', registered: ['ssr', 'admin-ssr'], expected: 'ssr' },
]

describe('embedded server lookup: server and client agree', () => {
  it.each(cases)('$name', async ({ registered, serverId, expected }) => {
    await register(registered)

    expect(getEmbeddedRealityServer(serverId)?.serverId).toBe(expected)
    if (expected === undefined) {
      expect(() => getEmbeddedServer(serverId)).toThrow(/is not registered|no embedded Reality server/)
    } else {
      expect(getEmbeddedServer(serverId)).toBe(getEmbeddedRealityServer(serverId))
    }

    const auto = await syncedBy('auto', serverId)
    expect(auto).toEqual(
      expected === undefined
        ? { resolved: 'client', answeredBy: HTTP_ID, error: undefined }
        : { resolved: 'ssr-embedded', answeredBy: expected, error: undefined },
    )

    const embedded = await syncedBy('ssr-embedded', serverId)
    expect(embedded).toEqual(
      expected === undefined
        ? { resolved: 'ssr-embedded', answeredBy: undefined, error: 'embedded' }
        : { resolved: 'ssr-embedded', answeredBy: expected, error: undefined },
    )
  })

  it('names the id it could not resolve', async () => {
    await register(['ssr', 'admin-ssr'])
    expect(() => getEmbeddedServer('tanstack-ssr')).toThrow(/embedded Reality server "tanstack-ssr" is not registered/)
  })

  it('says when no server is registered at all', () => {
    expect(() => getEmbeddedServer()).toThrow(/no embedded Reality server is registered/)
  })

  it('forgets a closed server: its id starts afresh, and the lookup falls to the servers left', async () => {
    await register(['ssr', 'admin-ssr'])
    const first = started.shift()!
    await first.close()
    expect(getEmbeddedRealityServer()?.serverId).toBe('admin-ssr')
    expect(getEmbeddedServer('tanstack-ssr').serverId).toBe('admin-ssr')

    const again = createEmbeddedRealityServer({ serverId: 'ssr' })
    started.push(again)
    expect(again).not.toBe(first)
    expect(await again.getNode(KEY)).toBeNull()
  })
})
