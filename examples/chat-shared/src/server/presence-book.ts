import type { Actor, Member } from '../domain'

export interface PresenceOptions {
  /** A visible tab that has made no request for this long is gone (crashed, lost network). */
  activeTtlMs: number
  /** A tab that said it was hidden stays listed as away for this long without any request. */
  awayTtlMs: number
  /**
   * Tabs one user may hold at once; a further tab replaces that user's least recently seen one.
   * Tab ids are made by the client: without a cap one user could list thousands.
   */
  maxTabsPerUser: number
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
 * A user is listed once per room: active if any of their tabs there is active. Tabs are kept
 * per user (a tab id names a tab of that user only), so nobody can mark another user's tab.
 */
export class PresenceBook {
  readonly #options: PresenceOptions
  /** `user id \0 tab id` → tab. */
  readonly #tabs = new Map<string, Tab>()
  /** User id → their tab keys, least recently seen first. */
  readonly #byUser = new Map<string, Set<string>>()
  readonly #signatures = new Map<string, string>()

  constructor(options: PresenceOptions) {
    this.#options = options
  }

  /** Whether `tab` of `user` is listed (a heartbeat from it refreshes, not adds). */
  has(user: string, tab: string): boolean {
    return this.#tabs.has(`${user}\u0000${tab}`)
  }

  /** Records a heartbeat; returns the rooms whose member list changed. */
  heartbeat(tab: string, actor: Actor, room: string, now: number): string[] {
    const key = `${actor.id}\u0000${tab}`
    const before = this.#tabs.get(key)
    const rooms = before ? [before.room, room] : [room]
    let keys = this.#byUser.get(actor.id)
    if (!keys) {
      keys = new Set()
      this.#byUser.set(actor.id, keys)
    }
    keys.delete(key)
    if (!before && keys.size >= this.#options.maxTabsPerUser) {
      const oldest = keys.values().next().value as string
      rooms.push(...this.#remove(oldest))
    }
    keys.add(key)
    this.#tabs.set(key, { actor, room, status: 'active', lastSeen: now })
    if (before && before.room === room && before.status === 'active' && before.actor.name === actor.name) return []
    return this.#changed(rooms)
  }

  /** Applies a beacon of `user`'s tab: `gone` removes the tab, `away` marks it hidden. */
  mark(user: string, tab: string, status: 'away' | 'gone', now: number): string[] {
    const key = `${user}\u0000${tab}`
    const entry = this.#tabs.get(key)
    if (!entry) return []
    if (status === 'gone') this.#remove(key)
    else this.#tabs.set(key, { ...entry, status: 'away', lastSeen: now })
    return this.#changed([entry.room])
  }

  /** Forgets a tab; returns its room. */
  #remove(key: string): string[] {
    const tab = this.#tabs.get(key)
    if (!tab) return []
    this.#tabs.delete(key)
    const keys = this.#byUser.get(tab.actor.id)
    keys?.delete(key)
    if (keys?.size === 0) this.#byUser.delete(tab.actor.id)
    return [tab.room]
  }

  /** Drops tabs whose heartbeats stopped; returns the rooms that changed. */
  sweep(now: number): string[] {
    const rooms: string[] = []
    for (const [id, tab] of this.#tabs) {
      const ttl = tab.status === 'active' ? this.#options.activeTtlMs : this.#options.awayTtlMs
      if (now - tab.lastSeen > ttl) rooms.push(...this.#remove(id))
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
