import type { TimeoutProvider } from '../managers/timeout-manager'
import { cacheableKeysQuery, MAX_CACHEABLE_URL_LENGTH, SYNC_KEYS_PARAM } from '../protocol/cacheable'
import { parseSyncResponse } from '../protocol/response-guard'
import type { SyncRequest, SyncResponse } from '../protocol/schemas'
import { backoffDelay } from './backoff'
import { isRetryable, RealityError } from './errors'
import { fetchWithTimeout, type TextResponse } from './fetch-with-timeout'
import { parseRetryAfter } from './retry-after'
import { ServerPool } from './server-pool'
import type { HeadersOption, SyncTransport } from './types'

export interface HttpTransportOptions {
  /** Sync URLs in preference order. */
  urls: string[]
  fetch?: typeof fetch | undefined
  headers?: HeadersOption | undefined
  credentials?: RequestCredentials | undefined
  timeout: number
  maxRetries: number
  retryBaseDelay: number
  blacklistDuration: number
  timers: TimeoutProvider
  random?: (() => number) | undefined
  /** Check keys the server marks public with the cacheable `GET` (default true). */
  cacheable?: boolean | undefined
}

/** A cached answer older than this, in seconds, is asked again with `POST`: a long-stale cache costs a moment only. */
export const MAX_CACHED_AGE = 10

/** A request is abandoned rather than parked longer than this waiting for `Retry-After`. */
export const MAX_RETRY_WAIT = 60_000

const sleep = (timers: TimeoutProvider, ms: number): Promise<void> =>
  new Promise((resolve) => timers.setTimeout(resolve, ms))

const readError = (res: TextResponse, url: string, now: number): RealityError => {
  let message = `HTTP ${res.status}`
  try {
    const body = JSON.parse(res.text) as { error?: unknown; message?: unknown }
    const detail = body.message ?? body.error
    if (typeof detail === 'string') message += `: ${detail}`
  } catch {
    // Not JSON (a proxy page, say): the status says enough.
  }
  // Sent with 429 and 503; honoured whatever the status, as a server that sends it means it.
  const retryAfter = parseRetryAfter(res.headers.get('retry-after'), now)
  return new RealityError('http', `${url}: ${message}`, { status: res.status, retryAfter })
}

const readResponse = (res: TextResponse, url: string) => {
  let body: unknown
  try {
    body = JSON.parse(res.text)
  } catch {
    throw new RealityError('invalid_response', `${url}: response is not JSON`, { status: res.status })
  }
  const parsed = parseSyncResponse(body)
  if (!parsed) throw new RealityError('invalid_response', `${url}: malformed response`)
  return parsed
}

/**
 * Sync over HTTP with failover: each attempt picks a server from the pool; a retryable failure blacklists it and the
 * next attempt goes to another server at once, or, when every server was tried, after an exponential backoff with
 * jitter. `Retry-After` (429/503) is honoured. At most `maxRetries` retries per request.
 *
 * @example
 * const transport = createHttpTransport({ urls: ['http://a/reality/sync'], timeout: 10_000, maxRetries: 3,
 *   retryBaseDelay: 100, blacklistDuration: 30_000, timers: timeoutManager })
 */
export const createHttpTransport = (options: HttpTransportOptions): SyncTransport => {
  const { urls, timers } = options
  const pool = new ServerPool(urls.length, options.blacklistDuration)
  /** Keys the server's last answer about them marked public. */
  const open = new Set<string>()
  const send = async (request: SyncRequest, post?: boolean): Promise<SyncResponse> => {
    const body = JSON.stringify(request)
    const { headers, credentials } = options
    const fetchImpl = options.fetch ?? globalThis.fetch
    const keys = Object.keys(request.known)
    // Every key public, and not the check after the client's own write: the cacheable GET, one URL per key set.
    const query =
      !post &&
      options.cacheable !== false &&
      request.hint !== 'mutation' &&
      keys.every((key) => open.has(key)) &&
      cacheableKeysQuery(keys)
    const tried = new Set<number>()
    let last: RealityError | undefined
    let stale = false
    for (let attempt = 0; attempt <= options.maxRetries; attempt++) {
      const i = pool.pick(timers.now(), tried)
      let wait = pool.waitFor(i, timers.now())
      if (tried.has(i)) wait = Math.max(wait, backoffDelay(attempt - 1, options.retryBaseDelay, options.random))
      if (wait > MAX_RETRY_WAIT) break
      if (wait > 0) await sleep(timers, wait)
      tried.add(i)
      const url = urls[i]
      const get = query && `${url}${url.includes('?') ? '&' : '?'}${SYNC_KEYS_PARAM}=${query}`
      const cached = get && get.length <= MAX_CACHEABLE_URL_LENGTH
      // Read per attempt: a token rotated while a retry waited goes out on the retry.
      const extra = typeof headers === 'function' ? await headers() : headers
      // `credentials: undefined` is fetch's own default; the cast only quiets exactOptionalPropertyTypes.
      const init: RequestInit = cached
        ? { headers: { ...extra }, credentials: credentials as RequestCredentials }
        : {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...extra },
            body,
            credentials: credentials as RequestCredentials,
          }
      try {
        const res = await fetchWithTimeout(fetchImpl, cached ? get : url, init, options.timeout, timers)
        if (res.status < 200 || res.status > 299) throw readError(res, url, timers.now())
        const parsed = readResponse(res, url)
        pool.succeed(i)
        const marked = new Set(parsed.public)
        for (const key of keys) marked.has(key) ? open.add(key) : open.delete(key)
        if (!cached) return parsed
        // Maybe from a cache: too old (by `Age`, else `Date` against the origin's `serverTime`), asked again past it.
        const age =
          +(res.headers.get('age') as string) ||
          (Date.parse(res.headers.get('date') as string) - parsed.serverTime) / 1e3
        // An older version than the client holds is ignored by the key (KeyEntry.seen): never backwards.
        stale = age > MAX_CACHED_AGE
        if (!stale) return parsed
        break
      } catch (error) {
        const failure = error as RealityError
        if (!isRetryable(failure)) throw failure
        pool.fail(i, timers.now(), failure.retryAfter)
        last = failure
      }
    }
    if (stale) return send(request, true)
    throw last ?? new RealityError('http', 'servers asked to retry later', { status: 503 })
  }
  return send
}
