import { Store } from './store'

export interface Notice {
  id: number
  tone: 'info' | 'error'
  text: string
}

/** Toasts: each notice disappears by itself after `ttlMs`. */
export class NoticeBoard extends Store<readonly Notice[]> {
  readonly #ttlMs: number
  #next = 1

  constructor(ttlMs = 5000) {
    super([])
    this.#ttlMs = ttlMs
  }

  push(tone: Notice['tone'], text: string): void {
    const id = this.#next++
    this.setState([...this.getSnapshot().slice(-3), { id, tone, text }])
    setTimeout(() => this.dismiss(id), this.#ttlMs)
  }

  dismiss(id: number): void {
    const kept = this.getSnapshot().filter((notice) => notice.id !== id)
    if (kept.length !== this.getSnapshot().length) this.setState(kept)
  }
}
