import { Subscribable } from './subscribable'

/** Installs an event source; calls `emit` on each event and returns its cleanup. */
export type EventSetup<V> = (emit: (value: V) => void) => (() => void) | undefined

/**
 * Base of the focus, visibility, online and interaction managers: the event source (`setup`) is installed when the
 * first listener subscribes and removed when the last one leaves; `setEventListener` swaps it (the old cleanup runs).
 */
export class EventManager<V> extends Subscribable<(value: V) => void> {
  #setup: EventSetup<V>
  #cleanup: (() => void) | undefined

  constructor(setup: EventSetup<V>) {
    super()
    this.#setup = setup
  }

  /**
   * Replaces the event source, e.g. React Native's AppState instead of the DOM.
   *
   * @example
   * focusManager.setEventListener((setFocused) => {
   *   const sub = AppState.addEventListener('change', (s) => setFocused(s === 'active'))
   *   return () => sub.remove()
   * })
   */
  setEventListener(setup: EventSetup<V>): void {
    this.#uninstall()
    this.#setup = setup
    if (this.hasListeners()) this.#install()
  }

  /** Installs the event source when the first listener arrives. */
  protected override onSubscribe(): void {
    if (!this.#cleanup) this.#install()
  }

  /** Removes the event source when the last listener leaves. */
  protected override onUnsubscribe(): void {
    if (!this.hasListeners()) this.#uninstall()
  }

  /** Tells every listener about `value`. */
  protected emit(value: V): void {
    for (const listener of [...this.listeners]) listener(value)
  }

  #install(): void {
    this.prepare()
    this.#cleanup = this.#setup((value) => this.receive(value)) || noop
  }

  #uninstall(): void {
    this.#cleanup?.()
    this.#cleanup = undefined
    this.reset()
  }

  /** Called with each value the event source reports. */
  protected receive(value: V): void {
    this.emit(value)
  }

  /** Runs before the event source is installed. */
  protected prepare(): void {}

  /** Forgets state learnt from the removed event source. */
  protected reset(): void {}
}

const noop = (): void => {}
