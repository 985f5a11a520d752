import type { RequestEndEvent } from '../core/hooks'
import type { RealityCore } from '../core/reality-core'
import { LineBudget, MAX_REQUEST_LOG_LINES_PER_SECOND } from '../logging/line-budget'
import type { LogFields } from '../logging/logger'
import { countRequest } from '../metrics/registry'
import type { DispatchInput, HttpResult } from './dispatch'

/*
 * Around every request: counts it for `{prefix}/metrics`, logs it with its fields and calls
 * the `onRequest` hook. Sync requests also report the client's id and how many keys it sent,
 * read from the body the route parsed (never parsed twice).
 */

const ADMIN_ROUTES = new Set(['invalidate', 'mesh', 'metrics'])

const syncFields = (body: unknown): Pick<RequestEndEvent, 'clientId' | 'keys'> => {
  if (typeof body !== 'object' || body === null) return {}
  const { clientId, known } = body as { clientId?: unknown; known?: unknown }
  return {
    clientId: typeof clientId === 'string' ? clientId : undefined,
    keys: typeof known === 'object' && known !== null ? Object.keys(known).length : undefined,
  }
}

const budgets = new WeakMap<RealityCore, LineBudget>()

/** Whether a warn or error line about a request may go out now (MAX_REQUEST_LOG_LINES_PER_SECOND). */
const mayLog = (server: RealityCore): boolean => {
  let budget = budgets.get(server)
  if (!budget) {
    budget = new LineBudget(MAX_REQUEST_LOG_LINES_PER_SECOND)
    budgets.set(server, budget)
  }
  const { ok, dropped } = budget.take(Date.now())
  if (dropped > 0)
    server.logger?.warn(
      { serverId: server.serverId, dropped },
      `request log lines held back: over ${MAX_REQUEST_LOG_LINES_PER_SECOND} a second (see /metrics for every request)`,
    )
  return ok
}

const log = (server: RealityCore, fields: LogFields & { route: string; status: number }): void => {
  const logger = server.logger
  if (!logger) return
  if (fields.status >= 400 && !mayLog(server)) return
  if (fields.status >= 500) logger.error(fields, 'request failed')
  else if (fields.status === 401 && ADMIN_ROUTES.has(fields.route)) logger.warn(fields, 'admin authentication failed')
  else if (fields.status >= 400) logger.warn(fields, 'request rejected')
  else logger.debug(fields, 'request')
}

/** Answers `input` with `answer`, recording what the operator sees of it. */
export const observe = async (
  server: RealityCore,
  input: DispatchInput,
  answer: (server: RealityCore, input: DispatchInput) => Promise<HttpResult>,
): Promise<HttpResult> => {
  const started = performance.now()
  let end: ReturnType<NonNullable<RealityCore['hooks']['onRequest']>> | undefined
  try {
    end = server.hooks.onRequest?.({ method: input.method, route: input.route, header: input.header })
  } catch (error) {
    server.logger?.error({ error }, 'onRequest hook failed')
  }
  let body: unknown
  const result = await answer(server, {
    ...input,
    readBody: async () => {
      body = await input.readBody()
      return body
    },
  })
  const durationMs = Math.round((performance.now() - started) * 100) / 100
  const route = input.route ?? 'unknown'
  countRequest(server, route, input.method, result.status)
  const sync = input.route === 'sync' ? syncFields(body) : {}
  log(server, { serverId: server.serverId, method: input.method, route, status: result.status, durationMs, ...sync })
  try {
    end?.({ status: result.status, durationMs, ...sync })
  } catch (error) {
    server.logger?.error({ error }, 'onRequest end hook failed')
  }
  return result
}
