import type { IncomingMessage, ServerResponse } from 'node:http'
import { ERROR_CODES } from '@rootlodge/reality/types'
import { sendJsonError } from './json-error'

const hasBody = (req: IncomingMessage): boolean => {
  const length = req.headers['content-length']
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined
}

/**
 * Gives a request `ms` from the arrival of its headers to receive its body; a body still incomplete
 * then gets 408 with a JSON body and the connection is closed, so a client trickling bytes cannot
 * hold a connection and a handler for minutes. Calls `onTimeout` when it answers.
 */
export const armBodyDeadline = (req: IncomingMessage, res: ServerResponse, ms: number, onTimeout: () => void): void => {
  if (!hasBody(req)) return
  const timer = setTimeout(() => {
    if (req.complete || res.headersSent) return
    onTimeout()
    sendJsonError(res, 408, ERROR_CODES.requestTimeout, `the request body was not received within ${ms} ms`, {
      connection: 'close',
    })
  }, ms)
  const disarm = (): void => clearTimeout(timer)
  req.once('end', disarm)
  res.once('close', disarm)
}
