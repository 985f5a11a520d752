/*
 * The scripted update stream both apps watch: an order board of 40 orders. Change n is the same in every run (no
 * randomness), so the old app and the migrated one, and two runs of the measurement, see identical data.
 */

export interface Order {
  id: number
  customer: string
  status: 'placed' | 'packed' | 'shipped' | 'delivered'
  total: number
  updatedAt: string
}

const STATUSES: Order['status'][] = ['placed', 'packed', 'shipped', 'delivered']
const CUSTOMERS = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken']
const EPOCH = Date.UTC(2026, 0, 1)

const order = (id: number, step: number): Order => ({
  id,
  customer: CUSTOMERS[id % CUSTOMERS.length],
  status: STATUSES[step % STATUSES.length],
  total: Math.round(((id * 37) % 500) * 100 + step * 7) / 100,
  updatedAt: new Date(EPOCH + step * 60_000).toISOString(),
})

/** The board after `changes` changes: change n moves order n mod 40 one status further. */
export const boardAt = (changes: number): Order[] =>
  Array.from({ length: 40 }, (_, id) => order(id + 1, Math.floor(changes / 40) + (id < changes % 40 ? 1 : 0)))
