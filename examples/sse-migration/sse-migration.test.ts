import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type Demo, startDemo } from './server/demo'
import { newClient, oldClient, type TickerClient } from './server/ticker-clients'
import { openingQuotes, type Quote, SYMBOLS, scriptedQuote } from './server/ticker-script'

/*
 * The example's two apps over real HTTP, the board driven by the test instead of the clock: four rounds of one
 * update per symbol, then a sentinel update. Run against the built packages (`npm run build`).
 */

const ROUNDS = 4

describe('examples/sse-migration', () => {
  let demo: Demo
  const clients: TickerClient[] = []
  beforeEach(async () => {
    demo = await startDemo()
  })
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close()
    await demo.stop()
  })

  const waitForSeq = async (client: TickerClient, seq: number): Promise<void> =>
    vi.waitFor(() => expect(client.quotes.at(-1)?.seq).toBe(seq), { timeout: 15_000, interval: 20 })

  it('gives RealityEventSource every update once, in order, one payload per change, no held response', async () => {
    const after = newClient(demo.new.origin)
    const before = oldClient(demo.old.origin)
    clients.push(after, before)
    const expected: Quote[] = openingQuotes()
    await vi.waitFor(() => expect(after.quotes).toHaveLength(SYMBOLS.length), { timeout: 15_000, interval: 20 })
    let seq = 0
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < SYMBOLS.length; i++) {
        const quote = scriptedQuote(++seq)
        demo.board.set(quote)
        expected.push(quote)
      }
      // Each round waits for the last update to be shown before the next, so no symbol changes twice between two
      // checks (the endpoint would send its latest quote once: state, not a log).
      await waitForSeq(after, seq)
    }
    // The sentinel: anything sent twice before it has had every chance to arrive.
    const sentinel = scriptedQuote(++seq)
    demo.board.set(sentinel)
    expected.push(sentinel)
    await waitForSeq(after, seq)
    await waitForSeq(before, seq)

    expect(after.quotes).toEqual(expected)
    expect(before.quotes).toEqual(expected)
    // The client can parse the last response before the server's socket reports it closed.
    await vi.waitFor(() => expect(demo.new.traffic().open).toBe(0), { timeout: 5000, interval: 20 })
    const traffic = demo.new.traffic()
    expect(traffic.payloads).toBe(expected.length)
    expect(traffic.longestMs).toBeLessThan(1000)
    // The old app pushed the same updates over one stream it still holds.
    expect(demo.old.traffic()).toMatchObject({ requests: 1, open: 1, payloads: expected.length })
  })
})
