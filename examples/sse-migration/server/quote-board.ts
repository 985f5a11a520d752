import { openingQuotes, type Quote } from './ticker-script'

/** The app's data: the current quote of each symbol, what both apps send as their payload. */
export class QuoteBoard {
  readonly #quotes = new Map<string, Quote>(openingQuotes().map((quote) => [quote.symbol, quote]))
  readonly #listeners = new Set<(quote: Quote) => void>()

  get(symbol: string): Quote | undefined {
    return this.#quotes.get(symbol)
  }

  all(): Quote[] {
    return [...this.#quotes.values()]
  }

  set(quote: Quote): void {
    this.#quotes.set(quote.symbol, quote)
    for (const listener of this.#listeners) listener(quote)
  }

  onChange(listener: (quote: Quote) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }
}
