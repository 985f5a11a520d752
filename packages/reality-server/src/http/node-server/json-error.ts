import type { ServerResponse } from 'node:http'
import type { ErrorCode } from '@rootlodge/reality/types'

/** Answers with the protocol's JSON error body, unless an answer already started. */
export const sendJsonError = (
  res: ServerResponse,
  status: number,
  code: ErrorCode,
  message: string,
  headers: Record<string, string> = {},
): void => {
  if (res.headersSent) return
  const body = JSON.stringify({ error: code, message })
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  })
  res.end(body)
}
