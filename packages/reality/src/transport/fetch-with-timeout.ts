import type { TimeoutProvider } from '../managers/timeout-manager'
import { RealityError } from './errors'

/** Status, headers and body text of a response read within the timeout. */
export interface TextResponse {
  status: number
  headers: Headers
  text: string
}

/**
 * `fetch` with a deadline covering the whole exchange, body included: an `AbortController` cancels the request
 * after `timeout` ms. Network failures become `RealityError('network')`, the deadline `RealityError('timeout')`.
 *
 * @example
 * const { status, text } = await fetchWithTimeout(fetch, url, { method: 'POST', body }, 10_000, timeoutManager)
 */
export const fetchWithTimeout = async (
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  timeout: number,
  timers: TimeoutProvider,
): Promise<TextResponse> => {
  const controller = new AbortController()
  const timer = timers.setTimeout(() => controller.abort(), timeout)
  try {
    const response = await fetchImpl(url, { ...init, signal: controller.signal })
    return { status: response.status, headers: response.headers, text: await response.text() }
  } catch (error) {
    throw controller.signal.aborted
      ? new RealityError('timeout', `${url} timed out after ${timeout} ms`)
      : new RealityError('network', `${url}: ${(error as Error)?.message ?? error}`, {
          cause: error,
        })
  } finally {
    timers.clearTimeout(timer)
  }
}
