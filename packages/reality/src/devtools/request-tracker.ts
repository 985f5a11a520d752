/** One sync request as the devtools saw it. */
export interface TrackedRequest {
  /** When it was sent (ms since epoch). */
  at: number
  /** The keys it covered. */
  keys: string[]
  /** Why it failed, or `null` when it succeeded. */
  error: string | null
}

/**
 * Wraps the `fetch` a Reality client is given and keeps the bookkeeping the panel shows: the keys each sync request
 * covered, when requests went out, and which failed. The client core stays untouched (and within its size budget).
 */
export interface RequestTracker {
  /** Pass this to `createRealityClient({ fetch })`. */
  readonly fetch: typeof fetch
  /** Every key a sync request has covered, in the order first seen. */
  keys(): string[]
  /** The requests of the last `windowMs` (default: one minute), oldest first. */
  recent(windowMs?: number): TrackedRequest[]
  /** Calls `listener` after each request settles; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
}

const keysOf = (body: unknown): string[] => {
  if (typeof body !== 'string') return []
  try {
    const known = (JSON.parse(body) as { known?: unknown }).known
    return known && typeof known === 'object' ? Object.keys(known) : []
  } catch {
    return []
  }
}

/** Starts tracking the requests made through the returned `fetch` (default: the global one at call time). */
export const createRequestTracker = (base?: typeof fetch): RequestTracker => {
  const seen = new Set<string>()
  const log: TrackedRequest[] = []
  const listeners = new Set<() => void>()
  // The client applies a response after reading its body: tell listeners once that has had a turn.
  const settled = () =>
    setTimeout(() => {
      for (const listener of [...listeners]) listener()
    }, 0)
  const tracked: typeof fetch = async (input, init) => {
    const request: TrackedRequest = { at: Date.now(), keys: keysOf(init?.body), error: null }
    for (const key of request.keys) seen.add(key)
    log.push(request)
    // Only the last minute is ever shown (plus one older entry kept for the boundary).
    while (log.length > 1 && (log[1] as TrackedRequest).at < request.at - 60_000) log.shift()
    try {
      const response = await (base ?? fetch)(input, init)
      if (!response.ok) request.error = `HTTP ${response.status}`
      return response
    } catch (error) {
      request.error = error instanceof Error ? error.message : String(error)
      throw error
    } finally {
      settled()
    }
  }
  return {
    fetch: tracked,
    keys: () => [...seen],
    recent: (windowMs = 60_000) => {
      const since = Date.now() - windowMs
      return log.filter((request) => request.at >= since)
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
