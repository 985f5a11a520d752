import { EventManager, type EventSetup } from './event-manager'

/**
 * An event manager holding one boolean (focused, visible, online). Listeners hear only changes. While no event
 * source is installed the value is read from `read` (a guarded look at the environment).
 */
export class BooleanManager extends EventManager<boolean> {
  #value: boolean | undefined
  readonly #read: () => boolean

  constructor(setup: EventSetup<boolean>, read: () => boolean) {
    super(setup)
    this.#read = read
  }

  /** The current value: the last one set or reported, else what the environment says. */
  get(): boolean {
    return this.#value ?? this.#read()
  }

  /** Sets the value by hand (tests, custom sources); listeners hear it if it changed. */
  set(value: boolean): void {
    this.receive(value)
  }

  protected override receive(value: boolean): void {
    const changed = value !== this.get()
    this.#value = value
    if (changed) this.emit(value)
  }

  /** Snapshots the environment first: an event must be compared with the state before it, not after. */
  protected override prepare(): void {
    this.#value = this.#read()
  }

  protected override reset(): void {
    this.#value = undefined
  }
}
