import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ERROR_CODES } from '@rootlodge/reality/types'
import type { RealityCore } from '../../core/reality-core'
import { httpConfig } from '../config'
import { corsHeaders } from '../cors'
import { createNodeHandler } from '../node'
import { armBodyDeadline } from './body-deadline'
import { DEFAULT_HTTP_SERVER_LIMITS, defaultMaxConnections } from './defaults'
import { sendJsonError } from './json-error'
import { capConnectionsPerIp } from './per-ip-cap'

/** Options of `createRealityHttpServer`: the mount point and the limits (defaults in `DEFAULT_HTTP_SERVER_LIMITS`). */
export interface RealityHttpServerOptions {
  /** Mount point of the Reality routes (default `/reality`). */
  prefix?: string
  /**
   * Serves every request instead of the Reality handler: for an app that serves the Reality
   * routes among its own (call `createNodeHandler(server)` from it). The limits apply to all.
   */
  handler?: (req: IncomingMessage, res: ServerResponse) => unknown
  /** ms to receive a request's headers (default 10,000); the connection is then closed. */
  headersTimeout?: number
  /** ms to receive a whole request (default 30,000); Node then answers a bare 408 and closes. */
  requestTimeout?: number
  /** ms to receive a body once the headers arrived (default 10,000): then 408 with a JSON body. */
  bodyTimeout?: number
  /** ms an idle keep-alive connection is kept (default 5,000). */
  keepAliveTimeout?: number
  /** Open connections in all (default: 10,000, or 80% of the open-file limit when lower). */
  maxConnections?: number
  /** Open connections per IPv4 address or IPv6 /64 (default 128); 0 turns the cap off (behind a proxy). */
  maxConnectionsPerIp?: number
  /** ms between Node's sweeps for connections past their timeouts (default 1,000). */
  connectionsCheckingInterval?: number
  /** `Retry-After` seconds of the 503 answered while draining (default 2). */
  shutdownRetryAfter?: number
}

/** Counters of what the limits did, since the server was created. */
export interface RealityHttpServerStats {
  /** Open connections. */
  connections: number
  /** Requests being handled (not counting 503s answered while draining). */
  inFlight: number
  /** Connections destroyed on arrival because their address had `maxConnectionsPerIp` open. */
  refusedPerIp: number
  /** Connections dropped on arrival because `maxConnections` were open. */
  refusedTotal: number
  /** Requests answered 408 because their body was not received within `bodyTimeout`. */
  bodyTimeouts: number
}

/** What `close()` did. */
export interface CloseResult {
  /** Requests still in flight at `timeoutMs`, whose connections were cut. */
  forced: number
}

/**
 * What `createRealityHttpServer` returns: a node:http server with bounded cost per client, to `listen()` on a port
 * and `close()` gracefully on shutdown.
 *
 * @example
 * const http = createRealityHttpServer(server)
 * const { port } = await http.listen(3000)
 * process.once('SIGTERM', async () => {
 *   await http.close({ timeoutMs: 10_000 })
 *   process.exit(0)
 * })
 */
export interface RealityHttpServer {
  /** The node:http server, for settings this helper does not cover. */
  readonly http: Server
  /** Starts listening (port 0 picks a free one) and resolves with the bound address. */
  listen(port?: number, host?: string): Promise<AddressInfo>
  /**
   * Drains and closes: requests in flight finish, new ones get 503 with `Retry-After`, idle
   * connections are closed; once nothing is in flight, or after `timeoutMs` (default 10,000) with
   * what is left cut, the listener closes and the promise resolves with every socket gone.
   */
  close(options?: { timeoutMs?: number }): Promise<CloseResult>
  /** What the limits did so far: open connections, requests in flight, refusals and body timeouts. */
  stats(): RealityHttpServerStats
}

const checkMs = (name: string, value: number, min = 1): number => {
  if (!(Number.isFinite(value) && value >= min)) throw new RangeError(`${name} must be a number of ms >= ${min}`)
  return value
}

const checkCount = (name: string, value: number, min: number): number => {
  if (!(Number.isInteger(value) && value >= min)) throw new RangeError(`${name} must be an integer >= ${min}`)
  return value
}

/**
 * A node:http server for a Reality server with bounded cost per client: timeouts on headers,
 * body and idle connections, a total and a per-IP connection cap, and a graceful `close()`.
 * Every default is in `DEFAULT_HTTP_SERVER_LIMITS`; docs/SECURITY.md says why.
 *
 * @example
 * const http = createRealityHttpServer(createRealityServer())
 * await http.listen(3000)
 * process.once('SIGTERM', () => http.close().then(() => process.exit(0)))
 */
export const createRealityHttpServer = (
  server: RealityCore,
  options: RealityHttpServerOptions = {},
): RealityHttpServer => {
  const defaults = DEFAULT_HTTP_SERVER_LIMITS
  const headersTimeout = checkMs('headersTimeout', options.headersTimeout ?? defaults.headersTimeout)
  const requestTimeout = checkMs('requestTimeout', options.requestTimeout ?? defaults.requestTimeout)
  const bodyTimeout = checkMs('bodyTimeout', options.bodyTimeout ?? defaults.bodyTimeout)
  if (headersTimeout > requestTimeout || bodyTimeout >= requestTimeout)
    throw new RangeError('headersTimeout and bodyTimeout must be below requestTimeout')
  const maxConnections = checkCount('maxConnections', options.maxConnections ?? defaultMaxConnections(), 1)
  const perIp = checkCount('maxConnectionsPerIp', options.maxConnectionsPerIp ?? defaults.maxConnectionsPerIp, 0)
  const retryAfter = String(
    checkCount('shutdownRetryAfter', options.shutdownRetryAfter ?? defaults.shutdownRetryAfter, 0),
  )
  const handler = options.handler ?? createNodeHandler(server, { prefix: options.prefix ?? '/reality' })

  const inFlight = new Set<ServerResponse>()
  let closing: Promise<CloseResult> | undefined
  let whenIdle: (() => void) | undefined
  let bodyTimeouts = 0
  let refusedTotal = 0

  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    if (closing) {
      sendJsonError(
        res,
        503,
        ERROR_CODES.shuttingDown,
        'the server is shutting down: retry later or on another server',
        {
          // A browser on another origin must be able to read this answer and its Retry-After.
          ...corsHeaders(httpConfig(server).cors, req.headers.origin, false),
          'retry-after': retryAfter,
          connection: 'close',
        },
      )
      return
    }
    inFlight.add(res)
    res.once('close', () => {
      inFlight.delete(res)
      if (inFlight.size === 0) whenIdle?.()
    })
    armBodyDeadline(req, res, bodyTimeout, () => bodyTimeouts++)
    const fail = (error: unknown): void => {
      server.reportError(error)
      if (res.headersSent) res.destroy()
      else sendJsonError(res, 500, ERROR_CODES.internal, 'internal error')
    }
    try {
      const done = handler(req, res)
      if (done instanceof Promise) done.catch(fail)
    } catch (error) {
      fail(error)
    }
  }

  const http = createServer(
    {
      connectionsCheckingInterval: checkMs(
        'connectionsCheckingInterval',
        options.connectionsCheckingInterval ?? defaults.connectionsCheckingInterval,
      ),
    },
    serve,
  )
  http.headersTimeout = headersTimeout
  http.requestTimeout = requestTimeout
  http.keepAliveTimeout = checkMs('keepAliveTimeout', options.keepAliveTimeout ?? defaults.keepAliveTimeout)
  // Node refuses connections past maxConnections itself, before creating a socket object.
  http.maxConnections = maxConnections
  http.on('drop', () => refusedTotal++)
  const cap = perIp > 0 ? capConnectionsPerIp(http, perIp) : undefined

  let open = 0
  http.on('connection', (socket) => {
    if (socket.destroyed) return
    open++
    socket.once('close', () => open--)
  })

  const close = (closeOptions: { timeoutMs?: number } = {}): Promise<CloseResult> => {
    closing ??= new Promise((resolve) => {
      const timeoutMs = closeOptions.timeoutMs ?? defaults.shutdownTimeout
      let forced = 0
      // Answers not yet started close their connection; idle keep-alive connections go now.
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close')
      http.closeIdleConnections()
      const finish = (): void => {
        whenIdle = undefined
        clearTimeout(timer)
        http.close(() => resolve({ forced }))
        http.closeAllConnections()
      }
      const timer = setTimeout(() => {
        forced = inFlight.size
        finish()
      }, timeoutMs)
      if (inFlight.size === 0) finish()
      else whenIdle = finish
    })
    return closing
  }

  return {
    http,
    listen: (port = 0, host) =>
      new Promise((resolve, reject) => {
        const onError = (error: Error): void => reject(error)
        http.once('error', onError)
        http.listen(port, host, () => {
          http.off('error', onError)
          resolve(http.address() as AddressInfo)
        })
      }),
    close,
    stats: () => ({
      connections: open,
      inFlight: inFlight.size,
      refusedPerIp: cap?.refused ?? 0,
      refusedTotal,
      bodyTimeouts,
    }),
  }
}
