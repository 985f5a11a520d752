import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'

/** A request body that is not JSON, too large or of the wrong shape. */
export class BadRequest extends Error {
  readonly status: number
  constructor(message: string, status = 400) {
    super(message)
    this.status = status
  }
}

/**
 * Reads and parses a JSON body of at most `limit` bytes. A larger body is refused with a 413
 * `BadRequest` before it is buffered: a declared `content-length` is checked first, and a body
 * that grows past the limit stops being kept while the rest is drained (the socket stays open,
 * so the client reads the 413 instead of a reset connection).
 */
export const readJson = (req: IncomingMessage, limit = 256 * 1024): Promise<unknown> =>
  new Promise((resolve, reject) => {
    if (Number(req.headers['content-length']) > limit) {
      req.resume()
      reject(new BadRequest(`body larger than ${limit} bytes`, 413))
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size > limit) {
        req.off('data', onData)
        req.resume()
        reject(new BadRequest(`body larger than ${limit} bytes`, 413))
        return
      }
      chunks.push(chunk)
    }
    req.on('data', onData)
    req.on('end', () => {
      if (size > limit) return
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      } catch {
        reject(new BadRequest('body is not JSON'))
      }
    })
    req.on('error', reject)
  })

/** Whether a request says its body is JSON (`application/json`, any parameters). */
export const isJsonRequest = (req: IncomingMessage): boolean =>
  (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase() === 'application/json'

export const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  })
  res.end(text)
}

export const sendError = (res: ServerResponse, status: number, error: string, message: string): void =>
  sendJson(res, status, { error, message })

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

/**
 * Serves a built single-page app from `root`: hashed assets cached for a year, anything
 * that is not a file falls back to `index.html`; a path that does not decode is answered 400.
 * Returns false when `root` has no index.
 */
export const serveStatic = async (root: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
  let path: string
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://local').pathname)
  } catch {
    sendError(res, 400, 'invalid_request', 'the path is not valid percent-encoding')
    return true
  }
  let file = normalize(join(root, path))
  if (!file.startsWith(root + sep) && file !== root) file = join(root, 'index.html')
  let info = await stat(file).catch(() => undefined)
  if (!info?.isFile()) {
    file = join(root, 'index.html')
    info = await stat(file).catch(() => undefined)
    if (!info?.isFile()) return false
  }
  const immutable = file.includes(`${sep}assets${sep}`)
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  })
  if (req.method === 'HEAD') res.end()
  else createReadStream(file).pipe(res)
  return true
}
