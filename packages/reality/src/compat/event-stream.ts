/** One event parsed from a `text/event-stream`. */
export interface StreamEvent {
  type: string
  data: string
  lastEventId: string
}

/** What the parser reports besides events. */
export interface EventStreamHandlers {
  event(event: StreamEvent): void
  /** Each blank line sets the last event id, whether or not an event follows. */
  id(lastEventId: string): void
  retry(ms: number): void
  comment(text: string): void
}

/**
 * An incremental `text/event-stream` parser following the HTML standard's rules: lines end in CRLF, LF or CR;
 * `data:` lines accumulate; a blank line dispatches (and sets the last event id, even without data); an `id:` with
 * NUL is ignored; `retry:` must be digits only; unknown fields are ignored. Feed it decoded text as it arrives.
 */
export class EventStreamParser {
  readonly #on: EventStreamHandlers
  #pending = ''
  #data: string[] = []
  #type = ''
  #id: string

  /** `lastEventId` seeds the id buffer, so a stream that sends no `id:` keeps the id of an earlier one. */
  constructor(on: EventStreamHandlers, lastEventId = '') {
    this.#on = on
    this.#id = lastEventId
  }

  push(text: string): void {
    let rest = this.#pending + text
    for (;;) {
      const end = rest.search(/[\r\n]/)
      // A CR as the last character may be the first half of a CRLF split across two chunks.
      if (end === -1 || (rest[end] === '\r' && end === rest.length - 1)) break
      this.#line(rest.slice(0, end))
      rest = rest.slice(rest[end] === '\r' && rest[end + 1] === '\n' ? end + 2 : end + 1)
    }
    this.#pending = rest
  }

  /** The stream ended: an event without its blank line is dropped, as the standard says. */
  end(): void {
    if (this.#pending.endsWith('\r')) this.#line(this.#pending.slice(0, -1))
    this.#pending = ''
    this.#data = []
    this.#type = ''
  }

  #line(line: string): void {
    if (line === '') {
      this.#dispatch()
      return
    }
    if (line.startsWith(':')) {
      this.#on.comment(line.slice(1).replace(/^ /, ''))
      return
    }
    const colon = line.indexOf(':')
    const name = colon === -1 ? line : line.slice(0, colon)
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '')
    if (name === 'data') this.#data.push(value)
    else if (name === 'event') this.#type = value
    else if (name === 'id' && !value.includes('\0')) this.#id = value
    else if (name === 'retry' && /^\d+$/.test(value)) this.#on.retry(Number(value))
  }

  #dispatch(): void {
    const data = this.#data
    const type = this.#type || 'message'
    this.#data = []
    this.#type = ''
    // The standard sets the id before it checks for data: an `id:`-only block moves the cursor silently.
    this.#on.id(this.#id)
    if (data.length === 0) return
    this.#on.event({ type, data: data.join('\n'), lastEventId: this.#id })
  }
}
