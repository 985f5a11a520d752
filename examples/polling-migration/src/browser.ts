import { type ClientOptions, startNewClient, startOldClient } from './clients'
import type { Counters } from './demo-server'
import type { Order } from './feed'

/*
 * The page: both apps side by side on the same origin, and the server's counters of each, refreshed every second.
 * `?interval=<ms>` changes the polling interval of both (the browser test runs faster than a person watches).
 */

const INTERVAL = Number(new URLSearchParams(location.search).get('interval') ?? 2_000)
const panel = (app: 'old' | 'new') => document.querySelector(`[data-app="${app}"]`) as HTMLElement

const render = (app: 'old' | 'new') => (orders: Order[]) => {
  const list = panel(app).querySelector('[data-orders]') as HTMLElement
  list.replaceChildren(
    ...orders.map((order) => {
      const item = document.createElement('li')
      item.textContent = `#${order.id} ${order.customer}: ${order.status}, ${order.total.toFixed(2)}`
      return item
    }),
  )
}

const options = (app: 'old' | 'new'): ClientOptions => ({ base: '', interval: INTERVAL, onData: render(app) })
startOldClient(options('old'))
startNewClient(options('new'))

setInterval(async () => {
  const stats = (await (await fetch('/stats')).json()) as { changes: number; counters: Record<string, Counters> }
  ;(document.getElementById('changes') as HTMLElement).textContent = String(stats.changes)
  for (const app of ['old', 'new'] as const)
    for (const [name, value] of Object.entries(stats.counters[app]))
      (panel(app).querySelector(`[data-counter="${name}"]`) as HTMLElement).textContent = value.toLocaleString('en')
}, 1_000)
