/**
 * Turns keystrokes into few typing signals: `true` at the first keystroke and again every
 * `refreshMs` while typing continues (the server forgets a signal after its TTL), `false` when
 * the composer is cleared or sent. Nothing is sent while the user does not type.
 */
export class TypingSignal {
  readonly #send: (typing: boolean) => void
  readonly #refreshMs: number
  #lastTrue = 0
  #active = false

  constructor(send: (typing: boolean) => void, refreshMs = 2000) {
    this.#send = send
    this.#refreshMs = refreshMs
  }

  /** Call on each edit of the composer with whether it now holds text. */
  update(hasText: boolean, now = Date.now()): void {
    if (!hasText) {
      this.stop()
      return
    }
    if (!this.#active || now - this.#lastTrue >= this.#refreshMs) {
      this.#active = true
      this.#lastTrue = now
      this.#send(true)
    }
  }

  /** The message was sent: the server clears the indicator itself, so nothing is sent. */
  sent(): void {
    this.#active = false
    this.#lastTrue = 0
  }

  /** The user cleared the composer or left the room. */
  stop(): void {
    if (!this.#active) return
    this.#active = false
    this.#lastTrue = 0
    this.#send(false)
  }
}
