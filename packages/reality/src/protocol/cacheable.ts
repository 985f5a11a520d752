/*
 * The cacheable form of a sync: `GET {prefix}/sync?keys=a,b` answers the current metadata of those keys, as the
 * `POST` form answers `known` of 0, with an `ETag` and, for keys the server marks public, a `Cache-Control` a shared
 * cache may honour. Names and limits live here so client, server and docs cannot disagree.
 */

/** Query parameter of the cacheable `GET` sync: the keys, each URL-encoded, joined by `,`, in canonical order. */
export const SYNC_KEYS_PARAM = 'keys'
/** Separator of the keys in the `keys` query value; a key set where a key holds it is synced with `POST` instead. */
export const SYNC_KEYS_SEPARATOR = ','
/** Most keys one cacheable `GET` may name; more, and the client uses `POST` (the server answers 413). */
export const MAX_CACHEABLE_KEYS = 64
/** Longest cacheable `GET` URL, scheme to query, in characters; longer, and the client uses `POST` (the server 414). */
export const MAX_CACHEABLE_URL_LENGTH = 2048
/** Default `max-age`/`s-maxage` of a public answer, in seconds: about one freshness check of a viewer. */
export const DEFAULT_PUBLIC_MAX_AGE = 1
/** Default `stale-while-revalidate` of a public answer, in seconds: a cache answers at once while it refreshes. */
export const DEFAULT_STALE_WHILE_REVALIDATE = 2

/**
 * The `keys` query value of a key set: unique keys sorted by UTF-16 code units, each `encodeURIComponent`-ed (a `,`
 * in a key becomes `%2C`), joined by `,`; every viewer of the same keys builds the same URL. `undefined` (or `''`
 * for no keys) when there are more than `MAX_CACHEABLE_KEYS`: such a set is synced with `POST`.
 */
export const cacheableKeysQuery = (keys: Iterable<string>): string | undefined => {
  const unique = [...new Set(keys)]
  // `join()`'s default separator is SYNC_KEYS_SEPARATOR; spelled out it would cost the client bundle bytes.
  return unique.length > MAX_CACHEABLE_KEYS ? undefined : unique.sort().map(encodeURIComponent).join()
}
