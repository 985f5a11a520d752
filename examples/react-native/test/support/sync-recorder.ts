import type { IncomingMessage, RequestListener } from 'node:http'

/** One sync request, as the server received it. */
export interface ReceivedSync {
  hint: string | undefined
  keys: string[]
}

const describe = (body: string): ReceivedSync => {
  try {
    const { hint, known } = JSON.parse(body) as { hint?: string; known?: Record<string, number> }
    return { hint, keys: Object.keys(known ?? {}) }
  } catch {
    return { hint: undefined, keys: [] }
  }
}

/**
 * Counts syncs where they land: wraps the backend's listener, reads each `POST /reality/sync` body, records it, and
 * hands the text on as `req.body` (the Reality node handler takes a body a framework already read, as with
 * `express.text()`). Every other request goes through untouched.
 */
export const recordSyncs = (listener: RequestListener) => {
  const received: ReceivedSync[] = []
  const recording: RequestListener = (req, res) => {
    if (req.method !== 'POST' || !req.url?.startsWith('/reality/sync')) {
      listener(req, res)
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      received.push(describe(body))
      ;(req as IncomingMessage & { body?: unknown }).body = body
      listener(req, res)
    })
  }
  return { listener: recording, received }
}
