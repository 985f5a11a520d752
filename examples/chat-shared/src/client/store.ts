/**
 * A minimal external store for `useSyncExternalStore`: a snapshot object replaced (never
 * mutated) on every change, and listeners told after each replacement.
 */
export class Store<T> {
  #state: T
  readonly #listeners = new Set<() => void>()

  constructor(initial: T) {
    this.#state = initial
  }

  readonly getSnapshot = (): T => this.#state

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  protected setState(next: T): void {
    if (Object.is(next, this.#state)) return
    this.#state = next
    for (const listener of [...this.#listeners]) listener()
  }
}
