import type { CorsOptions } from '../core/options'

/** Request headers every preflight allows: the JSON body, a bearer token and the SSE resume cursor. */
const BASE_ALLOWED_HEADERS = ['content-type', 'authorization', 'last-event-id']

/**
 * Response headers a cross-origin script may read beyond the CORS-safelisted ones: without `retry-after`
 * the client sees `null` on a 429/503 and cannot honour the server's back-off.
 */
const BASE_EXPOSED_HEADERS = ['retry-after']

const allowedHeaders = (extra: readonly string[] | undefined): string => {
  const names = new Set(BASE_ALLOWED_HEADERS)
  for (const name of extra ?? []) names.add(name.trim().toLowerCase())
  return [...names].join(', ')
}

/**
 * The CORS headers of one response: none without a `cors` option, an `Origin` or an allowed origin; on a
 * preflight, the allowed methods and request headers; otherwise the headers the client must be able to read,
 * `retry-after` and the route's own `expose` names.
 */
export const corsHeaders = (
  cors: CorsOptions | undefined,
  origin: string | null | undefined,
  preflight: boolean,
  expose: readonly string[] = [],
): Record<string, string> => {
  // `null` is the origin of sandboxed frames and file: pages: never one to grant.
  if (!cors || !origin || origin === 'null') return {}
  const origins = cors.origins ?? ['*']
  const any = origins.includes('*')
  if (!any && !origins.includes(origin)) return {}
  const headers: Record<string, string> = {
    'access-control-allow-origin': any && !cors.credentials ? '*' : origin,
  }
  if (!any || cors.credentials) headers.vary = 'Origin'
  if (cors.credentials) headers['access-control-allow-credentials'] = 'true'
  if (preflight) {
    headers['access-control-allow-methods'] = 'GET, POST, OPTIONS'
    headers['access-control-allow-headers'] = allowedHeaders(cors.allowHeaders)
    headers['access-control-max-age'] = String(cors.maxAge ?? 600)
  } else {
    headers['access-control-expose-headers'] = [...BASE_EXPOSED_HEADERS, ...expose].join(', ')
  }
  return headers
}
