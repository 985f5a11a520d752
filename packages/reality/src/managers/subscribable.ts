/**
 * A set of listeners with hooks for the first subscriber arriving and the last one leaving, so event sources are
 * only installed while someone listens.
 */
export class Subscribable<TListener extends (...args: never[]) => void> {
  protected readonly listeners = new Set<TListener>()

  /** Adds `listener`; returns the function that removes it. */
  subscribe(listener: TListener): () => void {
    this.listeners.add(listener)
    this.onSubscribe()
    return () => {
      this.listeners.delete(listener)
      this.onUnsubscribe()
    }
  }

  hasListeners(): boolean {
    return this.listeners.size > 0
  }

  protected onSubscribe(): void {}

  protected onUnsubscribe(): void {}
}
