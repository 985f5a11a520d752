import type { TimeoutProvider } from '../managers/timeout-manager'
import { parseSyncResponse } from '../protocol/response-guard'
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
}

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
  return async (request) => {
    const body = JSON.stringify(request)
    const { headers, credentials } = options
    const tried = new Set<number>()
    let last: RealityError | undefined
    for (let attempt = 0; attempt <= options.maxRetries; attempt++) {
      const i = pool.pick(timers.now(), tried)
      let wait = pool.waitFor(i, timers.now())
      if (tried.has(i)) wait = Math.max(wait, backoffDelay(attempt - 1, options.retryBaseDelay, options.random))
      if (wait > MAX_RETRY_WAIT) break
      if (wait > 0) await sleep(timers, wait)
      tried.add(i)
      const url = urls[i]
      // Read per attempt: a token rotated while a retry waited goes out on the retry.
      const extra = typeof headers === 'function' ? await headers() : headers
      // `credentials: undefined` is fetch's own default; the cast only quiets exactOptionalPropertyTypes.
      const init: RequestInit = {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...extra },
        body,
        credentials: credentials as RequestCredentials,
      }
      try {
        const res = await fetchWithTimeout(options.fetch ?? globalThis.fetch, url, init, options.timeout, timers)
        if (res.status < 200 || res.status > 299) throw readError(res, url, timers.now())
        const parsed = readResponse(res, url)
        pool.succeed(i)
        return parsed
      } catch (error) {
        const failure = error as RealityError
        if (!isRetryable(failure)) throw failure
        pool.fail(i, timers.now(), failure.retryAfter)
        last = failure
      }
    }
    throw last ?? new RealityError('http', 'servers asked to retry later', { status: 503 })
  }
}
