/**
 * An in-memory server and client pair for your tests (vitest, jest, node:test).
 *
 * @module @rootlodge/reality-server/testing
 */
import { createRealityClient, type RealityClient, type RealityOptions } from '@rootlodge/reality'
import type { RealityNodeMeta } from '@rootlodge/reality/types'
import type { RealityServerOptions } from '../core/options'
import { RealityServer } from '../server'
import { MemoryStorage } from '../storage/memory'

/** The origin the pair's client is given; no request ever leaves the process. */
const ORIGIN = 'http://reality.test'

/** Options of `createRealityTestPair`: the server's and the client's, minus what the pair wires itself. */
export interface RealityTestPairOptions {
  /** Options of the server (its storage is always a fresh `MemoryStorage`). */
  server?: RealityServerOptions
  /** Options of the client; its `servers` and `fetch` are the pair's. */
  client?: Omit<RealityOptions, 'servers' | 'endpoint' | 'fetch' | 'executionMode'>
}

/**
 * A server and a client wired in process, from `createRealityTestPair`: record changes with `update`, sync with
 * `client.syncKeys`, start afresh with `reset` between tests.
 *
 * @example
 * const reality = createRealityTestPair()
 * await reality.update('chat')
 * await reality.client.syncKeys(['chat'])
 */
export interface RealityTestPair {
  /** The current server; `reset()` replaces it. */
  readonly server: RealityServer
  /** The current client; `reset()` replaces it, so read it again after a reset. */
  readonly client: RealityClient
  /** A `fetch` that hands each request to the server's fetch handler in process (routes under `/reality`). */
  readonly fetch: typeof fetch
  /** Records a change of `key` (with the app's content hash if given) and resolves to its new metadata. */
  update(key: string, hash?: string): Promise<RealityNodeMeta>
  /** Drops every key the server knows and everything the client holds: a fresh server and client. */
  reset(): Promise<void>
  /** Destroys the client and closes the server. */
  close(): Promise<void>
}

/**
 * A Reality server on memory storage and a client that reaches it through an in-process `fetch`: no port, no
 * network, nothing to clean up but `close()`.
 *
 * @example
 * const reality = createRealityTestPair()
 * afterEach(() => reality.reset())
 * afterAll(() => reality.close())
 *
 * it('shows a new message', async () => {
 *   const seen: unknown[] = []
 *   reality.client.subscribe('chat', (state) => seen.push(state.data), { fetcher: async () => 'hello' })
 *   await reality.update('chat')
 *   await reality.client.syncKeys(['chat'])
 *   expect(seen).toContain('hello')
 * })
 */
export const createRealityTestPair = (options: RealityTestPairOptions = {}): RealityTestPair => {
  let server = new RealityServer(options.server, new MemoryStorage())
  let handler = server.getFetchHandler('/reality')
  const inProcessFetch: typeof fetch = (input, init) =>
    handler(new Request(input instanceof URL ? input.href : input, init))
  const connect = () =>
    createRealityClient({ ...options.client, servers: [ORIGIN], executionMode: 'client', fetch: inProcessFetch })
  let client = connect()
  return {
    get server() {
      return server
    },
    get client() {
      return client
    },
    fetch: inProcessFetch,
    update: (key, hash) => (hash === undefined ? server.invalidate(key) : server.updateNode(key, hash)),
    async reset() {
      client.destroy()
      await server.close()
      server = new RealityServer(options.server, new MemoryStorage())
      handler = server.getFetchHandler('/reality')
      client = connect()
    },
    async close() {
      client.destroy()
      await server.close()
    },
  }
}
