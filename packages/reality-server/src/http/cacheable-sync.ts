import {
  createHash,
  DEFAULT_PUBLIC_MAX_AGE,
  DEFAULT_STALE_WHILE_REVALIDATE,
  ERROR_CODES,
  MAX_CACHEABLE_KEYS,
  MAX_CACHEABLE_URL_LENGTH,
  SYNC_KEYS_PARAM,
  SYNC_KEYS_SEPARATOR,
  type SyncResponse,
} from '@rootlodge/reality/types'
import type { AuthorizeContext } from '../auth/context'
import { InvalidRequestError, PayloadTooLargeError, RealityHttpError } from '../core/errors'
import type { RealityCore } from '../core/reality-core'
import { httpConfig } from './config'
import { corsHeaders } from './cors'
import type { DispatchInput, HttpResult } from './dispatch'

/*
 * The cacheable sync: `GET {prefix}/sync?keys=a,b` answers what `POST` answers to `known` of 0 for those keys, with
 * a weak ETag over the keys' versions (304 on `If-None-Match`). Publicly cacheable only when every requested key is
 * public after `authorize`; anything else is `private, no-store`, so a server without `publicKeys` never lets a
 * shared cache keep an answer. See docs/EDGE.md.
 */

const JSON_TYPE = 'application/json; charset=utf-8'

/** The raw value of the `keys` parameter: split on `,` before decoding, so a key may hold an encoded `%2C`. */
const rawKeys = (query: string): string | undefined => {
  for (const part of query.replace(/^\?/, '').split('&')) {
    const [name, value = ''] = part.split('=', 2)
    if (name === SYNC_KEYS_PARAM) return value
  }
  return undefined
}

/** A form-encoded component: `+` is a space, as URLSearchParams reads it. */
const decode = (component: string): string => {
  try {
    return decodeURIComponent(component.replaceAll('+', ' '))
  } catch {
    throw new InvalidRequestError(`malformed percent-encoding in ${SYNC_KEYS_PARAM}: ${component.slice(0, 64)}`)
  }
}

/** What a cross-origin client reads to revalidate and to judge a cached answer's age (http-transport.ts). */
const EXPOSED_HEADERS = ['etag', 'age', 'date']

const keysOf = (query: string): string[] => {
  const raw = rawKeys(query)
  if (!raw)
    throw new InvalidRequestError(
      `name the keys to check: GET …/sync?${SYNC_KEYS_PARAM}=a${SYNC_KEYS_SEPARATOR}b (or POST {"known":{…}})`,
    )
  const keys = [...new Set(raw.split(SYNC_KEYS_SEPARATOR).map(decode))]
  if (keys.length > MAX_CACHEABLE_KEYS)
    throw new PayloadTooLargeError(
      ERROR_CODES.tooManyKeys,
      `too many keys for GET: ${keys.length} > ${MAX_CACHEABLE_KEYS}; use POST for larger key sets`,
    )
  return keys
}

/** A weak validator: equal for equal key sets at equal versions, whatever the answer's `serverTime`. */
const etagOf = (keys: readonly string[], response: SyncResponse, isPublic: boolean): string => {
  const parts = [...keys].sort().map((key) => `${key}\u0000${response.changed[key]?.version ?? 0}`)
  return `W/"${createHash(`${isPublic ? 'p' : 'u'}\u0001${parts.join('\u0001')}`)}"`
}

const matches = (ifNoneMatch: string | null | undefined, etag: string): boolean => {
  if (!ifNoneMatch) return false
  const bare = etag.slice(2)
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim()
    return t === '*' || t === etag || t === bare || (t.startsWith('W/') && t.slice(2) === bare)
  })
}

const mergeVary = (...values: (string | undefined)[]): string =>
  [...new Set(values.flatMap((v) => (v ? v.split(',').map((s) => s.trim()) : [])).filter(Boolean))].join(', ')

/** Answers a `GET`/`HEAD` on the sync route (its errors are dispatch's to answer). */
export const answerCacheableSync = async (
  server: RealityCore,
  input: DispatchInput,
  ctx: AuthorizeContext,
): Promise<HttpResult> => {
  if (input.url.length > MAX_CACHEABLE_URL_LENGTH)
    throw new RealityHttpError(
      414,
      ERROR_CODES.uriTooLong,
      `GET sync URL longer than ${MAX_CACHEABLE_URL_LENGTH} characters: use POST for this key set`,
    )
  const keys = keysOf(input.query)
  const known = Object.fromEntries(keys.map((key) => [key, 0]))
  const response = await server.handleSync({ known, hint: 'idle' }, ctx)
  const open = new Set(response.public)
  const isPublic = keys.every((key) => open.has(key))
  const config = httpConfig(server)
  const { publicMaxAge = DEFAULT_PUBLIC_MAX_AGE, staleWhileRevalidate = DEFAULT_STALE_WHILE_REVALIDATE } = config
  const cors = corsHeaders(config.cors, input.header('origin'), false, EXPOSED_HEADERS)
  const etag = etagOf(keys, response, isPublic)
  const headers: Record<string, string> = {
    ...cors,
    etag,
    'cache-control': isPublic
      ? `public, max-age=${publicMaxAge}, s-maxage=${publicMaxAge}, stale-while-revalidate=${staleWhileRevalidate}`
      : 'private, no-store',
    // A public answer is the same for every viewer; a private one may depend on who asks.
    vary: mergeVary(cors.vary, 'Accept-Encoding', isPublic ? undefined : 'Authorization, Cookie'),
  }
  // nginx counts expiry in whole seconds and keeps an answer through the second after max-age ends, so max-age=1
  // would live up to 2 s there. The last second it may be kept, in epoch seconds, holds it to max-age. Only nginx
  // reads this header (and does not pass it on); browsers and CDNs go by Cache-Control.
  if (isPublic && publicMaxAge >= 1)
    headers['x-accel-expires'] = `@${Math.floor(response.serverTime / 1000) + publicMaxAge - 1}`
  if (matches(input.header('if-none-match'), etag)) return { status: 304, headers, body: '' }
  return { status: 200, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(response) }
}
