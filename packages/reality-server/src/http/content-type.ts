import { ERROR_CODES } from '@rootlodge/reality/types'
import { RealityHttpError } from '../core/errors'

/*
 * POST routes take `application/json` only. A browser sends a cross-site form or `text/plain`
 * POST without a preflight (a "simple request"); requiring JSON forces the preflight, which CORS
 * then decides, so no page on another origin can drive the routes blind.
 */

const MAX_ECHOED_TYPE = 64

/** True for `application/json`, with any parameters (`; charset=utf-8`), in any case. */
export const isJsonContentType = (value: string | null | undefined): boolean =>
  value?.split(';', 1)[0].trim().toLowerCase() === 'application/json'

/** The 415 for a POST whose content type is missing or not JSON. */
export const unsupportedMediaType = (given: string | null | undefined): RealityHttpError =>
  new RealityHttpError(
    415,
    ERROR_CODES.unsupportedMediaType,
    `send the body as JSON with content-type: application/json (got ${
      given ? `'${given.slice(0, MAX_ECHOED_TYPE)}'` : 'no content-type'
    })`,
  )
