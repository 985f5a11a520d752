import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AppDefinition } from './app-server'
import type { QuoteBoard } from './quote-board'
import type { Quote } from './ticker-script'
import type { TrafficMeter } from './traffic-meter'

/** How often the classic endpoint writes a comment so that proxies do not close an idle stream. */
const KEEPALIVE_MS = 15_000

/**
 * The app before the migration: a classic SSE endpoint. `GET /stream` stays open for as long as the client is
 * there: it sends the board, then pushes the new quote on every update, with a keep-alive comment when idle.
 */
export const oldApp = (board: QuoteBoard): AppDefinition => ({
  title: 'Before: EventSource on a held SSE stream',
  script: new URL('../dist/old-page.js', import.meta.url),
  route: (req: IncomingMessage, res: ServerResponse, meter: TrafficMeter) => {
    if (new URL(req.url ?? '/', 'http://app').pathname !== '/stream') return false
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
    const push = (quote: Quote): void => {
      meter.payload()
      res.write(`data: ${JSON.stringify(quote)}\n\n`)
    }
    for (const quote of board.all()) push(quote)
    const unsubscribe = board.onChange(push)
    const keepalive = setInterval(() => res.write(': keep-alive\n\n'), KEEPALIVE_MS)
    res.once('close', () => {
      unsubscribe()
      clearInterval(keepalive)
    })
    return true
  },
})
