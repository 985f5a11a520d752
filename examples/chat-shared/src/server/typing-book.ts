import type { Actor, TypingEntry } from '../domain'

/**
 * Who is typing where. An entry expires by itself `ttlMs` after the last keystroke signal: a
 * tab that stops typing, closes or crashes needs to send nothing for it to disappear.
 */
export class TypingBook {
  readonly #ttlMs: number
  readonly #rooms = new Map<string, Map<string, { actor: Actor; until: number }>>()

  constructor(ttlMs: number) {
    this.#ttlMs = ttlMs
  }

  /**
   * Starts, refreshes or stops `actor` typing in `room`; true when readers must refetch (a
   * refresh counts: it moves the expiry readers hold).
   */
  set(room: string, actor: Actor, typing: boolean, now: number): boolean {
    let entries = this.#rooms.get(room)
    if (!typing) return entries?.delete(actor.id) ?? false
    if (!entries) {
      entries = new Map()
      this.#rooms.set(room, entries)
    }
    entries.set(actor.id, { actor, until: now + this.#ttlMs })
    return true
  }

  /** Removes expired entries; returns the rooms whose list changed. */
  sweep(now: number): string[] {
    const changed: string[] = []
    for (const [room, entries] of this.#rooms) {
      let removed = false
      for (const [id, entry] of entries) {
        if (entry.until <= now) {
          entries.delete(id)
          removed = true
        }
      }
      if (removed) changed.push(room)
    }
    return changed
  }

  list(room: string, now: number): TypingEntry[] {
    return [...(this.#rooms.get(room)?.values() ?? [])]
      .filter((entry) => entry.until > now)
      .map((entry) => ({ id: entry.actor.id, name: entry.actor.name, expiresInMs: entry.until - now }))
  }
}
