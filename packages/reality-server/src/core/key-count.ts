import { ERROR_CODES } from '@rootlodge/reality/types'
import { PayloadTooLargeError } from './errors'

/*
 * The key limit is enforced before schema validation: validating every key of an oversized
 * request (and listing a problem for each) costs far more than counting them, so a request over
 * the limit is refused for its size alone, whatever its keys hold.
 */

/** True when `collection` (an object's own enumerable keys, or an array) has more than `limit` entries. */
const exceeds = (collection: unknown, limit: number): boolean => {
  if (Array.isArray(collection)) return collection.length > limit
  if (typeof collection !== 'object' || collection === null) return false
  let count = 0
  for (const _ in collection) if (++count > limit) return true
  return false
}

/**
 * Throws the 413 `too_many_keys` when `body[field]` holds more than `limit` keys (an object's keys
 * or an array's items); anything else is left to the schema.
 */
export const assertKeyCount = (body: unknown, field: 'known' | 'keys', limit: number): void => {
  const collection = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined
  if (exceeds(collection, limit))
    throw new PayloadTooLargeError(ERROR_CODES.tooManyKeys, `too many keys: more than the limit of ${limit}`)
}
