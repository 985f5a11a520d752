import { createRealityClient } from '@rootlodge/reality'
import { RealityEventSource } from '@rootlodge/reality/compat'
import { EventSource } from 'eventsource'
import type { Quote } from './ticker-script'

/** A headless client of one app: the quotes it received, in order. */
export interface TickerClient {
  readonly quotes: Quote[]
  close(): void
}

const collect = (source: { onmessage: ((event: MessageEvent<string>) => void) | null }, quotes: Quote[]): void => {
  source.onmessage = (event) => quotes.push(JSON.parse(event.data) as Quote)
}

/** The old app's client: the `eventsource` npm package, holding `GET /stream` open. */
export const oldClient = (origin: string): TickerClient => {
  const quotes: Quote[] = []
  const source = new EventSource(`${origin}/stream`)
  collect(source, quotes)
  return { quotes, close: () => source.close() }
}

/**
 * The new app's client: `RealityEventSource` on the same URL. Each gets its own Reality client, as each browser tab
 * has its own; instances in one tab would share one and batch their syncs.
 */
export const newClient = (origin: string): TickerClient => {
  const quotes: Quote[] = []
  const client = createRealityClient({ mode: 'sse-compat', endpoint: `${origin}/reality/sync` })
  const source = new RealityEventSource(`${origin}/stream`, { client })
  collect(source, quotes)
  return {
    quotes,
    close: () => {
      source.close()
      client.destroy()
    },
  }
}
