import type { IncomingMessage, ServerResponse } from 'node:http'

/** Serves a fetch-style handler (`Request` → `Response`) through node:http. */
export const fetchBridge =
  (handler: (request: Request) => Promise<Response>) =>
  async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = chunks.length ? Buffer.concat(chunks) : undefined
    const headers = new Headers()
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value)
    const response = await handler(
      new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: body?.length ? body : undefined }),
    )
    res.writeHead(response.status, Object.fromEntries(response.headers))
    res.end(Buffer.from(await response.arrayBuffer()))
  }
