// Deno on the BUILT package (resolved through the repository's node_modules): Deno.serve with the
// fetch handler, bare and under a prefix, and server.listen() (node:http through Deno's Node layer).
// Started by deno.test.ts and bench/runtimes.mjs.
import { createFetchHandler, createRealityServer } from '@rootlodge/reality-server'
import type { DenoGlobal } from './deno-global'

declare const Deno: DenoGlobal

const server = createRealityServer({
  serverId: 'deno',
  adminToken: Deno.env.get('REALITY_ADMIN_TOKEN'),
  limits: { maxBodyBytes: Number(Deno.env.get('REALITY_BODY_LIMIT') ?? 262144) },
})

const listening = (name: string) =>
  new Promise<[string, number]>((resolve) => {
    const options = { port: 0, hostname: '127.0.0.1', onListen: ({ port }: { port: number }) => resolve([name, port]) }
    Deno.serve(options, name === 'fetch' ? createFetchHandler(server) : server.getFetchHandler('/reality'))
  })

const listened = await server.listen({ port: 0, host: '127.0.0.1' })

const ports = Object.fromEntries(await Promise.all([listening('fetch'), listening('guide')]))
ports.listen = listened.port
console.log(JSON.stringify({ runtime: 'deno', version: Deno.version.deno, ports }))
