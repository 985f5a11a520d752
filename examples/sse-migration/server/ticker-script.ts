/*
 * The scripted update stream both apps serve: a stock ticker whose quotes change at fixed offsets of every minute,
 * a burst (one change a second for 10 s), a steady stretch (one every 5 s for 30 s) and a quiet 20 s, as a real
 * feed has busy and idle moments. Offsets are on the half second, so none falls on the end of a measured minute. Prices follow a fixed walk, so every run (and both apps) see the same updates.
 */

export const SYMBOLS = ['ACME', 'BOLT', 'CORE', 'DYNA', 'EPIC'] as const

export interface Quote {
  symbol: string
  price: number
  /** Position of the update in the script, from 1: what a client checks to see it got each one, in order. */
  seq: number
}

/** Offsets in ms of the updates within each scripted minute. */
export const MINUTE_OFFSETS: readonly number[] = [
  ...Array.from({ length: 10 }, (_, i) => 500 + i * 1000),
  ...Array.from({ length: 6 }, (_, i) => 10_500 + i * 5000),
]

/** The `seq`-th update of the script (from 1): which symbol moves, and to what price. */
export const scriptedQuote = (seq: number): Quote => {
  const index = (seq - 1) % SYMBOLS.length
  const step = ((seq * 7919) % 13) - 6
  return { symbol: SYMBOLS[index], price: Math.round((100 + index * 20 + step * 0.37 + seq * 0.05) * 100) / 100, seq }
}

/** The quotes before any update. */
export const openingQuotes = (): Quote[] =>
  SYMBOLS.map((symbol, index) => ({ symbol, price: 100 + index * 20, seq: 0 }))

/**
 * Plays the script: calls `update` with each scripted quote at its offset (scaled by `speed`, 1 = real time), until
 * stopped. The offsets are counted from the start, so slow handlers do not make the script drift.
 */
export const playScript = (update: (quote: Quote) => void, speed = 1): (() => void) => {
  const started = performance.now()
  let seq = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  const at = (n: number): number =>
    (Math.floor((n - 1) / MINUTE_OFFSETS.length) * 60_000 + MINUTE_OFFSETS[(n - 1) % MINUTE_OFFSETS.length]) / speed
  const next = (): void => {
    seq++
    timer = setTimeout(
      () => {
        update(scriptedQuote(seq))
        next()
      },
      Math.max(0, started + at(seq) - performance.now()),
    )
  }
  next()
  return () => clearTimeout(timer)
}
