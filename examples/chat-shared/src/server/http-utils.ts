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

/** Reads and parses a JSON body of at most `limit` bytes (beacons arrive as text/plain). */
export const readJson = (req: IncomingMessage, limit = 256 * 1024): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        reject(new BadRequest('body too large', 413))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      } catch {
        reject(new BadRequest('body is not JSON'))
      }
    })
    req.on('error', reject)
  })

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
 * that is not a file falls back to `index.html`. Returns false when `root` has no index.
 */
export const serveStatic = async (root: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://local').pathname)
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
