/*
 * The peer address a fetch runtime hands its handler next to the Request, for limits per IP:
 * Deno passes `{ remoteAddr: { hostname } }`, Bun passes its server (`server.requestIP(request)`),
 * @hono/node-server passes `{ incoming }`, the node:http request. Workers and Next.js pass nothing
 * usable: those requests are limited by client id only.
 */

interface DenoInfo {
  remoteAddr?: { hostname?: unknown }
}

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: unknown } }
}

interface BunServer {
  requestIP?: (request: Request) => { address?: unknown } | null
}

/** The client address from a runtime's second handler argument, when it gives one. */
export const fetchRemoteAddress = (request: Request, info: unknown): string | undefined => {
  if (typeof info !== 'object' || info === null) return undefined
  const deno = (info as DenoInfo).remoteAddr?.hostname
  if (typeof deno === 'string') return deno
  const node = (info as NodeBindings).incoming?.socket?.remoteAddress
  if (typeof node === 'string') return node
  const bun = (info as BunServer).requestIP
  if (typeof bun !== 'function') return undefined
  const address = bun.call(info, request)?.address
  return typeof address === 'string' ? address : undefined
}
