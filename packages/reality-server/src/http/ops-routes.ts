import { ERROR_CODES } from '@rootlodge/reality/types'
import type { RealityCore } from '../core/reality-core'
import { EXPOSITION_CONTENT_TYPE } from '../metrics/exposition'
import { renderMetrics } from '../metrics/render'
import type { HttpResult } from './dispatch'

/* `{prefix}/metrics` and `{prefix}/ready`: what an operator's scraper and load balancer call. */

const JSON_TYPE = 'application/json; charset=utf-8'

/** The Prometheus exposition, only for holders of the admin token (a 401 without one configured). */
export const answerMetrics = async (
  server: RealityCore,
  admin: boolean,
  headers: Record<string, string>,
): Promise<HttpResult> => {
  if (!admin) {
    return {
      status: 401,
      headers: { 'content-type': JSON_TYPE, 'cache-control': 'no-store', 'www-authenticate': 'Bearer', ...headers },
      body: JSON.stringify({
        error: ERROR_CODES.unauthorized,
        message: 'metrics need the admin token: send Authorization: Bearer <token> (adminToken / --admin-token)',
      }),
    }
  }
  return {
    status: 200,
    headers: { 'content-type': EXPOSITION_CONTENT_TYPE, 'cache-control': 'no-store', ...headers },
    body: await renderMetrics(server),
  }
}

/** 200 when ready for traffic, else 503 with `Retry-After`; the body says what is missing. */
export const answerReady = async (
  server: RealityCore,
  retryAfterSeconds: number,
  headers: Record<string, string>,
): Promise<HttpResult> => {
  const readiness = await server.readiness()
  return {
    status: readiness.ready ? 200 : 503,
    headers: {
      'content-type': JSON_TYPE,
      'cache-control': 'no-store',
      ...(readiness.ready ? {} : { 'retry-after': String(retryAfterSeconds) }),
      ...headers,
    },
    body: JSON.stringify({
      status: readiness.ready ? 'ready' : 'unavailable',
      serverId: server.serverId,
      ...readiness,
    }),
  }
}
