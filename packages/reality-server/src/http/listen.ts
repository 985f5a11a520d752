import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { RealityCore } from '../core/reality-core'
import { httpConfig } from './config'
import { handleFetchRequest } from './fetch'
import { createNodeHandler } from './node'
import { fetchRemoteAddress } from './remote-address'

/*
 * `listen()`: the server on a port of its own. Bun gets `Bun.serve` with the fetch handler;
 * Node (and Deno, which has node:http) get node:http with the direct node handler, so no fetch
 * Request/Response is built per request. node:http is taken from `process.getBuiltinModule`
 * when listen() runs, not imported: a Workers bundle (esbuild, no Node built-ins) must not
 * contain an import of it, even a dynamic one.
 */

/** Options of `server.listen()`: where to bind and under which prefix to serve. */
export interface ListenOptions {
  /** Port to bind (default: the server's `port` option, else 3456); 0 picks a free one. */
  port?: number
  /** Address to bind (default: the server's `host` option, else 127.0.0.1). */
  host?: string
  /** Mount point of the routes (default `/reality`). */
  prefix?: string
}

/** A server listening on its own port. */
export interface RealityListener {
  /** Origin it answers at, e.g. `http://127.0.0.1:3456`: what clients list in `servers`. */
  readonly url: string
  /** The bound port (the one picked when 0 was asked). */
  readonly port: number
  /** The bound address. */
  readonly host: string
  /** The mount point of the routes (`/reality`). */
  readonly prefix: string
  /** Stops listening and waits for open requests; the RealityServer itself stays usable. */
  close(): Promise<void>
}

interface BunLike {
  serve(options: { port: number; hostname: string; fetch: (request: Request, server: unknown) => Promise<Response> }): {
    port: number
    stop(closeActiveConnections?: boolean): unknown
  }
}

type NodeHttp = typeof import('node:http')

const nodeHttp = (): NodeHttp | undefined =>
  (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.(
    'node:http',
  ) as NodeHttp | undefined

const origin = (host: string, port: number): string => `http://${host.includes(':') ? `[${host}]` : host}:${port}`

const listenBun = (bun: BunLike, server: RealityCore, port: number, host: string, prefix: string): RealityListener => {
  const served = bun.serve({
    port,
    hostname: host,
    fetch: (request, bunServer) =>
      handleFetchRequest(server, request, prefix, { remoteAddress: fetchRemoteAddress(request, bunServer) }),
  })
  return {
    url: origin(host, served.port),
    port: served.port,
    host,
    prefix,
    close: async () => {
      await served.stop()
    },
  }
}

const listenNode = async (
  server: RealityCore,
  port: number,
  host: string,
  prefix: string,
): Promise<RealityListener> => {
  const http = nodeHttp()
  if (!http)
    throw new Error(
      'listen() needs Bun, Deno or Node 20.16+ (process.getBuiltinModule): elsewhere serve ' +
        'server.getFetchHandler(), or on older Node http.createServer(createNodeHandler(server))',
    )
  const handler = createNodeHandler(server, { prefix })
  const listener: Server = http.createServer((req, res) => {
    handler(req, res).catch((error) => server.reportError(error))
  })
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject)
    listener.listen(port, host, () => {
      listener.off('error', reject)
      resolve()
    })
  })
  const bound = (listener.address() as AddressInfo).port
  return {
    url: origin(host, bound),
    port: bound,
    host,
    prefix,
    close: () =>
      new Promise<void>((resolve, reject) => {
        listener.close((error) => (error ? reject(error) : resolve()))
        listener.closeIdleConnections?.()
      }),
  }
}

/** Serves `server` on its own port; see `RealityServer.listen`. */
export const listen = async (server: RealityCore, options: ListenOptions = {}): Promise<RealityListener> => {
  const config = httpConfig(server)
  const port = options.port ?? config.port
  const host = options.host || config.host
  const prefix = options.prefix ?? '/reality'
  const bun = (globalThis as { Bun?: BunLike }).Bun
  return bun ? listenBun(bun, server, port, host, prefix) : listenNode(server, port, host, prefix)
}
