/** What both pages need of their event source: the `EventSource` interface. */
export interface TickerSource {
  onmessage: ((event: MessageEvent<string>) => void) | null
}

/** Fills the page's ticker table from the quote each event carries: the same handler before and after. */
export const showTicker = (source: TickerSource): void => {
  let received = 0
  source.onmessage = (event) => {
    const quote = JSON.parse(event.data) as { symbol: string; price: number; seq: number }
    const row = document.getElementById(quote.symbol)
    row?.querySelector('.price')?.replaceChildren(quote.price.toFixed(2))
    row?.querySelector('.seq')?.replaceChildren(String(quote.seq))
    document.getElementById('received')?.replaceChildren(String(++received))
    if (quote.seq > 0) document.getElementById('last')?.replaceChildren(String(quote.seq))
  }
}
