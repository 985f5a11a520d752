import { delay } from '../timing/clock'

/*
 * Keys named by hints (accelerator messages, hint-mode mesh exchanges) waiting to be re-read
 * from the storage. A hint carries no data: the worst a forged or flooding one can do is cost
 * a read, and this bounds those reads: one batch in flight, batches of at most `batchSize`
 * keys at least `gapMs` apart, at most `maxPending` keys waiting (more are dropped: the read
 * cache's own catch-up brings them within its refresh interval anyway).
 */

export interface HintQueueOptions {
  batchSize: number
  maxPending: number
  gapMs: number
}

export const DEFAULT_HINT_QUEUE: HintQueueOptions = { batchSize: 500, maxPending: 10_000, gapMs: 10 }

export class HintQueue {
  readonly #reread: (keys: string[]) => Promise<void>
  readonly #options: HintQueueOptions
  readonly #pending = new Set<string>()
  #draining = false
  #closed = false

  constructor(reread: (keys: string[]) => Promise<void>, options: HintQueueOptions = DEFAULT_HINT_QUEUE) {
    this.#reread = reread
    this.#options = options
  }

  add(keys: readonly string[]): void {
    if (this.#closed) return
    for (const key of keys) if (this.#pending.size < this.#options.maxPending) this.#pending.add(key)
    if (!this.#draining && this.#pending.size > 0) void this.#drain()
  }

  async #drain(): Promise<void> {
    this.#draining = true
    try {
      while (this.#pending.size > 0 && !this.#closed) {
        const batch: string[] = []
        for (const key of this.#pending) {
          if (batch.length >= this.#options.batchSize) break
          batch.push(key)
          this.#pending.delete(key)
        }
        // A failed read (storage down) loses only hints: the catch-up reports and recovers.
        await this.#reread(batch).catch(() => {})
        if (this.#pending.size > 0) await delay(this.#options.gapMs)
      }
    } finally {
      this.#draining = false
    }
  }

  /** Keys waiting to be re-read. */
  get pending(): number {
    return this.#pending.size
  }

  close(): void {
    this.#closed = true
    this.#pending.clear()
  }
}
