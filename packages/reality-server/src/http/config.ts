import type { CorsOptions, RealityServerOptions } from '../core/options'
import { type RateLimiter, toRateLimiter } from '../ratelimit/rate-limiter'

/*
 * What only the HTTP layer reads: CORS, the admin token, Retry-After and where `listen()` binds.
 * It lives here, keyed by server, and not on the server object, so the core stays free of HTTP
 * and the admin token cannot be read from a server instance.
 */

export interface HttpConfig {
  cors: CorsOptions | undefined
  /** The limiter of the `rateLimit` option, consulted by dispatch. */
  rateLimiter: RateLimiter | undefined
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
  rateLimiter: undefined,
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

/**
 * Credentials with any origin would let every site, and sandboxed `null` origins, make requests
 * with the user's cookies and read the answers: refused when the server is built, not at runtime.
 */
const checkedCors = (option: RealityServerOptions['cors']): CorsOptions | undefined => {
  const cors = option === true ? {} : option || undefined
  if (cors?.credentials && (!cors.origins || cors.origins.includes('*')))
    throw new TypeError(
      "cors: { credentials: true } needs an explicit list of origins, e.g. cors: { origins: ['https://app.example'], credentials: true }: with any origin ('*' or none listed) every site could send requests with the user's cookies and read the answers",
    )
  return cors
}

/** Records the HTTP settings of a server (called by the `RealityServer` constructor). */
export const configureHttp = (server: object, options: RealityServerOptions): void => {
  configs.set(server, {
    cors: checkedCors(options.cors),
    rateLimiter: toRateLimiter(options.rateLimit),
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
