import { cacheableKeysQuery, MAX_CACHEABLE_URL_LENGTH, SYNC_KEYS_PARAM } from '../protocol/cacheable'
import type { ChangedNode, SyncRequest, SyncResponse } from '../protocol/schemas'

/*
 * The cacheable `GET` sync as a `fetch` for the client's `fetch` option, so the core client (and its 6 kB budget)
 * stays as it is. It reads the sync `POST`s the client sends, checks the keys the server marked `public` with
 * `GET …/sync?keys=…` (one URL per key set, the same for every viewer, which an HTTP cache can answer) and the
 * others with `POST`, and hands the client one answer in the `POST` form.
 */

/** Options of `createCacheableFetch`. */
export interface CacheableFetchOptions {
  /** The fetch to send with (default: the global one). */
  fetch?: typeof fetch
  /**
   * Oldest cached answer accepted, in seconds, judged by its `Age` header or else its `Date` against its
   * `serverTime`; an older one is asked again with `POST` (default 10).
   */
  maxAge?: number
}

const MAX_TAGS = 100

type Body = Pick<SyncResponse, 'changed' | 'mesh' | 'serverTime' | 'public'>

const json = (body: Body): Response =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })

/** Seconds since the origin made this answer, when the headers tell. */
const ageOf = (res: Response, body: Body): number => {
  const age = Number(res.headers.get('age'))
  if (age > 0) return age
  const date = Date.parse(res.headers.get('date') ?? '')
  return date > 0 && body.serverTime > 0 ? (date - body.serverTime) / 1000 : 0
}

/**
 * A `fetch` that syncs public keys with the cacheable `GET` form. Pass it as the client's `fetch`.
 *
 * Keys are public once the server said so (its `publicKeys` option) in an answer; a key it stops naming goes back
 * to `POST`. Syncs after a mutation always `POST`, so the client's own change cannot hide behind a cache, and a
 * cached answer never moves a key backwards: only versions newer than the client's are passed on.
 *
 * @example
 * const client = createRealityClient({ servers: ['https://edge.example.com'], fetch: createCacheableFetch() })
 */
export const createCacheableFetch = (options: CacheableFetchOptions = {}): typeof fetch => {
  const open = new Set<string>()
  const etags = new Map<string, [string, Body]>()
  const send: typeof fetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init)
  const limit = options.maxAge ?? 10

  const learn = (keys: string[], body: Body): void => {
    const marked = new Set(body.public)
    for (const key of keys) marked.has(key) ? open.add(key) : open.delete(key)
  }

  const post = async (url: string, init: RequestInit, request: SyncRequest, keys: string[]) => {
    const res = await send(url, { ...init, body: JSON.stringify({ ...request, known: pick(request.known, keys) }) })
    if (!res.ok) return res
    const body = (await res.json()) as Body
    learn(keys, body)
    return body
  }

  /** The cached answer for `keys`, or undefined when the GET form failed or is too old: then they are POSTed. */
  const get = async (url: string, init: RequestInit, keys: string[]): Promise<Body | undefined> => {
    const headers: Record<string, string> = { ...(init.headers as Record<string, string>) }
    delete headers['content-type']
    const held = etags.get(url)
    if (held) headers['if-none-match'] = held[0]
    let res: Response
    try {
      res = await send(url, { headers, signal: init.signal })
    } catch (error) {
      if (init.signal?.aborted) throw error
      return undefined
    }
    let body: Body
    if (res.status === 304 && held) body = held[1]
    else if (res.ok) body = (await res.json()) as Body
    else return undefined
    const etag = res.headers.get('etag')
    if (etag) {
      etags.delete(url)
      etags.set(url, [etag, body])
      // Bounded: the oldest key set's tag goes first (a page that visited many rooms).
      if (etags.size > MAX_TAGS) etags.delete(etags.keys().next().value as string)
    }
    learn(keys, body)
    return ageOf(res, body) > limit ? undefined : body
  }

  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    if (init?.method !== 'POST' || typeof init.body !== 'string') return send(input, init)
    let request: SyncRequest
    try {
      request = JSON.parse(init.body)
    } catch {
      return send(input, init)
    }
    if (typeof request?.known !== 'object' || request.known === null) return send(input, init)
    const keys = Object.keys(request.known)
    const cached = request.hint === 'mutation' ? [] : keys.filter((key) => open.has(key))
    const query = cacheableKeysQuery(cached)
    const target = query && `${url}${url.includes('?') ? '&' : '?'}${SYNC_KEYS_PARAM}=${query}`
    if (!target || target.length > MAX_CACHEABLE_URL_LENGTH) {
      const body = await post(url, init, request, keys)
      return body instanceof Response ? body : json(body)
    }
    const rest = keys.filter((key) => !open.has(key))
    const [edge, direct] = await Promise.all([
      get(target, init, cached),
      rest.length ? post(url, init, request, rest) : undefined,
    ])
    if (direct instanceof Response) return direct
    const checked = edge ?? (await post(url, init, request, cached))
    if (checked instanceof Response) return checked
    // Only what is newer than the client's own versions: an answer from a cache never moves a key backwards.
    const changed: Record<string, ChangedNode> = Object.create(null)
    for (const key of cached) {
      const node = checked.changed[key]
      if (node && node.version > request.known[key]) changed[key] = node
    }
    Object.assign(changed, direct?.changed)
    const newest = direct && direct.serverTime > checked.serverTime ? direct : checked
    return json({ changed, mesh: newest.mesh, serverTime: newest.serverTime })
  }
}

const pick = (known: Record<string, number>, keys: string[]): Record<string, number> => {
  const out: Record<string, number> = Object.create(null)
  for (const key of keys) out[key] = known[key]
  return out
}
