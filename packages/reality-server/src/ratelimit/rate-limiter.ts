import type { IncomingMessage, ServerResponse } from 'node:http'
import { addressKey } from './address-key'
import { rateLimitedResult } from './rate-limited-response'
import { type RateLimitDecision, SlidingWindowTable } from './sliding-window'

/** Where a limiter keeps its counts: this process's memory (default) or a store shared by servers. */
export interface RateLimitStore {
  /** Counts one request of `key` when it stays under `limit` per sliding `windowMs`, and says so. */
  hit(key: string, limit: number, windowMs: number, now: number): RateLimitDecision | Promise<RateLimitDecision>
}

/** Options of `new RateLimiter()` and of the `rateLimit` server option. */
export interface RateLimitOptions {
  /** Length of the sliding window in ms (default 10,000). */
  windowMs?: number
  /** Requests one key (a client id, or an IP address) may make per window (default 100). */
  maxRequests?: number
  /**
   * Requests one IP address, all its clients together, may make per window (default `maxRequests`).
   * Raise it when many clients share an address (an office or carrier NAT).
   */
  maxRequestsPerIp?: number
  /** Keys counted per window in memory before the one idle longest is dropped (default 50,000). */
  maxKeys?: number
  /** Shared counts, e.g. `createRedisRateLimitStore`; by default each process counts on its own. */
  store?: RateLimitStore
  /** Called when the store fails; the request is then let through (a limiter never takes the service down). */
  onError?: (error: unknown) => void
}

/** The settings a `RateLimiter` uses for the options it is not given. */
export const DEFAULT_RATE_LIMIT = {
  /** A 10 s sliding window. */
  windowMs: 10_000,
  /** 100 requests per key per window: a client syncing every second stays far below. */
  maxRequests: 100,
  /** 50,000 keys counted in memory. */
  maxKeys: 50_000,
} as const

/** The `rateLimit` server option: the settings of a limiter, or one to share with other handlers. */
export type RateLimitOption = RateLimitOptions | RateLimiter

type NodeRequest = IncomingMessage & { ip?: string; body?: unknown }

const ALLOWED: RateLimitDecision = { allowed: true, remaining: 0, retryAfter: 0 }

const positive = (name: string, value: number): number => {
  if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`rateLimit.${name} must be a positive number`)
  return value
}

/** A parsed sync body's `clientId`, when it has one (the field is optional on the wire). */
export const clientIdOf = (body: unknown): string | undefined => {
  const id = typeof body === 'object' && body !== null ? (body as { clientId?: unknown }).clientId : undefined
  return typeof id === 'string' && id.length > 0 ? id : undefined
}

/**
 * Requests per key per sliding window, answered with 429 and `Retry-After` beyond the limit.
 * Refused requests are not counted, so a client that waits `Retry-After` gets through.
 *
 * @example
 * const rateLimiter = new RateLimiter({ windowMs: 1000, maxRequests: 10 })
 * app.post('/reality/sync', rateLimiter.middleware, handler)
 */
export class RateLimiter {
  /** Length of the sliding window, in ms. */
  readonly windowMs: number
  /** Requests one key may make per window. */
  readonly maxRequests: number
  /** Requests one IP address, all its clients together, may make per window. */
  readonly maxRequestsPerIp: number
  readonly #store: RateLimitStore
  readonly #table: SlidingWindowTable | undefined
  readonly #onError: ((error: unknown) => void) | undefined

  constructor(options: RateLimitOptions = {}) {
    this.windowMs = positive('windowMs', options.windowMs ?? DEFAULT_RATE_LIMIT.windowMs)
    this.maxRequests = positive('maxRequests', options.maxRequests ?? DEFAULT_RATE_LIMIT.maxRequests)
    this.maxRequestsPerIp = positive('maxRequestsPerIp', options.maxRequestsPerIp ?? this.maxRequests)
    this.#onError = options.onError
    if (options.store) this.#store = options.store
    else {
      const table = new SlidingWindowTable(options.maxKeys ?? DEFAULT_RATE_LIMIT.maxKeys)
      this.#table = table
      this.#store = table
    }
  }

  /** Keys held in memory (both windows); undefined with an external store. */
  get size(): number | undefined {
    return this.#table?.size
  }

  /** Counts one request of `key` against `limit` (default `maxRequests`). */
  async check(key: string, limit = this.maxRequests): Promise<RateLimitDecision> {
    try {
      return await this.#store.hit(key, limit, this.windowMs, Date.now())
    } catch (error) {
      this.#onError?.(error)
      return ALLOWED
    }
  }

  /** Counts one request from an IP address (IPv6 by its /64) against `maxRequestsPerIp`. */
  checkIp(address: string): Promise<RateLimitDecision> {
    return this.check(`ip:${addressKey(address)}`, this.maxRequestsPerIp)
  }

  /** Counts one request of a client, by the `clientId` of its sync requests, against `maxRequests`. */
  checkClient(clientId: string): Promise<RateLimitDecision> {
    return this.check(`client:${clientId}`, this.maxRequests)
  }

  /** Checks the address, then the client id when there is one; the first refusal wins. */
  async checkRequest(request: { ip?: string; clientId?: string }): Promise<RateLimitDecision> {
    if (request.ip) {
      const byIp = await this.checkIp(request.ip)
      if (!byIp.allowed) return byIp
      if (!request.clientId) return byIp
    }
    return request.clientId ? this.checkClient(request.clientId) : ALLOWED
  }

  /**
   * Connect/Express middleware (works unbound): keys by `req.ip` (Express applies its `trust proxy`
   * setting there) or the socket's address, and by `req.body.clientId` when a body parser ran first.
   */
  readonly middleware = (req: NodeRequest, res: ServerResponse, next: (error?: unknown) => void): void => {
    const ip = req.ip ?? req.socket?.remoteAddress
    this.checkRequest({ ip, clientId: clientIdOf(req.body) }).then((decision) => {
      if (decision.allowed) {
        next()
        return
      }
      const result = rateLimitedResult(decision)
      res.writeHead(result.status, result.headers)
      res.end(result.body)
    }, next)
  }
}

/** The limiter for the `rateLimit` server option (undefined when the option is absent). */
export const toRateLimiter = (option: RateLimitOption | undefined): RateLimiter | undefined =>
  option === undefined || option instanceof RateLimiter ? option : new RateLimiter(option)
