import type { Actor, Member } from '../domain'

export interface PresenceOptions {
  /** A visible tab that has made no request for this long is gone (crashed, lost network). */
  activeTtlMs: number
  /** A tab that said it was hidden stays listed as away for this long without any request. */
  awayTtlMs: number
}

interface Tab {
  actor: Actor
  room: string
  status: 'active' | 'away'
  lastSeen: number
}

/*
 * Who is in which room, per tab, with no connection to watch:
 *   - every sync request of a visible tab carries a heartbeat (tab, user, room);
 *   - `pagehide` sends a beacon "gone" (closed tab: removed at once), hiding sends "away";
 *   - a tab whose heartbeats stop (crash, network cut) is dropped after `activeTtlMs`.
 * A user is listed once per room: active if any of their tabs there is active.
 */
export class PresenceBook {
  readonly #options: PresenceOptions
  readonly #tabs = new Map<string, Tab>()
  readonly #signatures = new Map<string, string>()

  constructor(options: PresenceOptions) {
    this.#options = options
  }

  /** Records a heartbeat; returns the rooms whose member list changed. */
  heartbeat(tab: string, actor: Actor, room: string, now: number): string[] {
    const before = this.#tabs.get(tab)
    this.#tabs.set(tab, { actor, room, status: 'active', lastSeen: now })
    if (before && before.room === room && before.status === 'active' && before.actor.name === actor.name) return []
    return this.#changed(before ? [before.room, room] : [room])
  }

  /** Applies a beacon: `gone` removes the tab, `away` marks it hidden. */
  mark(tab: string, status: 'away' | 'gone', now: number): string[] {
    const entry = this.#tabs.get(tab)
    if (!entry) return []
    if (status === 'gone') this.#tabs.delete(tab)
    else this.#tabs.set(tab, { ...entry, status: 'away', lastSeen: now })
    return this.#changed([entry.room])
  }

  /** Drops tabs whose heartbeats stopped; returns the rooms that changed. */
  sweep(now: number): string[] {
    const rooms: string[] = []
    for (const [id, tab] of this.#tabs) {
      const ttl = tab.status === 'active' ? this.#options.activeTtlMs : this.#options.awayTtlMs
      if (now - tab.lastSeen > ttl) {
        this.#tabs.delete(id)
        rooms.push(tab.room)
      }
    }
    return rooms.length ? this.#changed(rooms) : []
  }

  members(room: string): Member[] {
    const users = new Map<string, Member>()
    for (const tab of this.#tabs.values()) {
      if (tab.room !== room) continue
      const seen = users.get(tab.actor.id)
      if (!seen || (seen.status === 'away' && tab.status === 'active')) {
        users.set(tab.actor.id, { id: tab.actor.id, name: tab.actor.name, status: tab.status })
      }
    }
    return [...users.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
  }

  /** A string that changes exactly when the member list of `room` changes. */
  signature(room: string): string {
    return this.members(room)
      .map((member) => `${member.id}:${member.name}:${member.status}`)
      .join('|')
  }

  #changed(rooms: string[]): string[] {
    const changed: string[] = []
    for (const room of new Set(rooms)) {
      const signature = this.signature(room)
      if (this.#signatures.get(room) !== signature) {
        this.#signatures.set(room, signature)
        changed.push(room)
      }
    }
    return changed
  }
}
