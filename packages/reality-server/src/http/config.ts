import type { CorsOptions, RealityServerOptions } from '../core/options'

/*
 * What only the HTTP layer reads: CORS, the admin token, Retry-After and where `listen()` binds.
 * It lives here, keyed by server, and not on the server object, so the core stays free of HTTP
 * and the admin token cannot be read from a server instance.
 */

export interface HttpConfig {
  cors: CorsOptions | undefined
  adminToken: string | undefined
  retryAfterSeconds: number
  port: number
  host: string
  /** Cache lifetimes of a publicly cacheable `GET` sync answer, in seconds (http/cacheable-sync.ts). */
  publicMaxAge: number | undefined
  staleWhileRevalidate: number | undefined
}

/** Where `listen()` binds by default: the same as the `reality-server` CLI. */
export const DEFAULT_PORT = 3456
export const DEFAULT_HOST = '127.0.0.1'

const DEFAULTS: HttpConfig = {
  cors: undefined,
  adminToken: undefined,
  retryAfterSeconds: 1,
  port: DEFAULT_PORT,
  host: DEFAULT_HOST,
  publicMaxAge: undefined,
  staleWhileRevalidate: undefined,
}

const seconds = (name: string, value: number | undefined): number | undefined => {
  if (value === undefined) return undefined
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number of seconds ≥ 0`)
  return value
}

const configs = new WeakMap<object, HttpConfig>()

/** Records the HTTP settings of a server (called by the `RealityServer` constructor). */
export const configureHttp = (server: object, options: RealityServerOptions): void => {
  configs.set(server, {
    cors: options.cors === true ? {} : options.cors || undefined,
    adminToken: options.adminToken || undefined,
    retryAfterSeconds: options.retryAfterSeconds ?? DEFAULTS.retryAfterSeconds,
    port: options.port ?? DEFAULT_PORT,
    host: options.host || DEFAULT_HOST,
    publicMaxAge: seconds('publicMaxAge', options.publicMaxAge),
    staleWhileRevalidate: seconds('staleWhileRevalidate', options.staleWhileRevalidate),
  })
}

/** The HTTP settings of a server; defaults (no CORS, no admin token) for one never configured. */
export const httpConfig = (server: object): HttpConfig => configs.get(server) ?? DEFAULTS
