/**
 * A set of listeners with hooks for the first subscriber arriving and the last one leaving, so event sources are
 * only installed while someone listens.
 *
 * @typeParam TListener - The signature of a listener.
 */
export class Subscribable<TListener extends (...args: never[]) => void> {
  /** The current listeners, in subscription order. */
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

  /** Whether anyone listens (event sources are installed only then). */
  hasListeners(): boolean {
    return this.listeners.size > 0
  }

  /** Runs after each subscription; subclasses install their event source on the first. */
  protected onSubscribe(): void {}

  /** Runs after each unsubscription; subclasses remove their event source after the last. */
  protected onUnsubscribe(): void {}
}
