import type { IncomingMessage, ServerResponse } from 'node:http'
import { createNodeHandler, createRealityServer, type RealityServer } from '@rootlodge/reality-server'
import type { AppDefinition } from './app-server'
import type { QuoteBoard } from './quote-board'
import { type Quote, SYMBOLS } from './ticker-script'
import type { TrafficMeter } from './traffic-meter'

const keyOf = (symbol: string): string => `quote:${symbol}`

/**
 * The app after the migration: the same `GET /stream`, now answered by `handleSSECompat` (a finished response with
 * the quotes the client has not seen, as SSE events), plus Reality's sync endpoint under `/reality/*`. Every board
 * update is one `invalidate` of the symbol's key.
 */
export const newApp = (board: QuoteBoard): AppDefinition & { server: RealityServer; close(): Promise<void> } => {
  const server = createRealityServer({ serverId: 'sse-migration' })
  const reality = createNodeHandler(server)
  // The quote each key's version stands for. Invalidations run one at a time, so a check that read a version whose
  // quote is not recorded yet only has to wait for the chain to get there.
  const published = new Map<string, { version: number; quote: Quote }>()
  let publishing = Promise.resolve()
  const publish = (quote: Quote): void => {
    publishing = publishing.then(async () => {
      const meta = await server.invalidate(keyOf(quote.symbol))
      published.set(meta.key, { version: meta.version, quote })
    })
  }
  for (const quote of board.all()) publish(quote)
  const unsubscribe = board.onChange(publish)
  return {
    server,
    title: 'After: RealityEventSource on handleSSECompat',
    script: new URL('../dist/new-page.js', import.meta.url),
    route: async (req: IncomingMessage, res: ServerResponse, meter: TrafficMeter) => {
      const path = new URL(req.url ?? '/', 'http://app').pathname
      if (path.startsWith('/reality/')) {
        await reality(req, res)
        return true
      }
      if (path !== '/stream') return false
      const response = await server.handleSSECompat(req, {
        keys: SYMBOLS.map(keyOf),
        payload: async (key, meta) => {
          if ((published.get(key)?.version ?? 0) < meta.version) await publishing
          meter.payload()
          return published.get(key)?.quote
        },
      })
      res.writeHead(response.status, Object.fromEntries(response.headers)).end(await response.text())
      return true
    },
    close: async () => {
      unsubscribe()
      await publishing
      await server.close()
    },
  }
}
