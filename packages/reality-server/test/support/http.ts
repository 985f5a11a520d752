import { type IncomingMessage, request } from 'node:http'
import { connect } from 'node:net'
import { expect } from 'vitest'

/** Status, lower-cased headers and the parsed JSON body (or the raw text when it is not JSON). */
export interface Reply {
  status: number
  headers: Headers
  body: unknown
  text: string
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** Sends `body` as is (a string is not re-encoded, so malformed JSON reaches the server). */
export const send = async (
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> => {
  const { method = 'POST', body, headers = {} } = init
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
  const response = await fetch(url, {
    method,
    body: payload,
    headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
  })
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: parse(text), text }
}

/** The status and text of a node:http response, once it has ended. */
export const answerOf = (res: IncomingMessage): Promise<{ status: number; text: string }> =>
  new Promise((resolve, reject) => {
    let text = ''
    res.setEncoding('utf8')
    res.on('data', (chunk: string) => {
      text += chunk
    })
    res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
    res.on('error', reject)
  })

/** POSTs `body` with `Transfer-Encoding: chunked` (no Content-Length) in `chunks` pieces. */
export const sendChunked = (url: string, chunks: string[]): Promise<{ status: number; text: string }> =>
  new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      answerOf(res).then(resolve, reject)
    })
    // The server may answer 413 and close before it has read everything we write: that is the point.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error)
    })
    for (const chunk of chunks) req.write(chunk)
    req.end()
  })

/** The server still answers a good sync with 200 and a well-formed body. */
export const expectServing = async (base: string): Promise<void> => {
  const reply = await send(`${base}/sync`, { body: { known: { 'still:serving': 0 } } })
  expect(reply.status).toBe(200)
  expect(reply.body).toMatchObject({ changed: {}, mesh: expect.any(Object), serverTime: expect.any(Number) })
}

/** The error body every non-2xx JSON answer carries. */
export const errorBody = (code: string) => ({ error: code, message: expect.any(String) })

/** Sends the head of a POST that promises more body than it sends, then hangs up mid-body. */
export const abortMidBody = (url: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const { hostname, port, pathname } = new URL(url)
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        `POST ${pathname} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\n` +
          'Content-Length: 1000\r\n\r\n{"known":{"a":',
      )
      // Let the server start reading the body, drop the connection, then let it notice the drop.
      setTimeout(() => {
        socket.destroy()
        setTimeout(resolve, 100)
      }, 50)
    })
    socket.on('error', reject)
  })
