/**
 * Reactions as an observed-remove set per emoji. Every "add" carries a fresh unique tag; a
 * "remove" names the tags its author had seen. An add that the remover had not seen survives,
 * so two people reacting at the same moment both count, and one user's add in one tab and
 * remove in another never cancel an add they did not see. Removed tags stay as tombstones so
 * a late or replayed add of a removed tag stays removed: applying operations in any order,
 * any number of times, ends in the same set.
 *
 * Tags are client-made strings, so they live in `Map`/`Set`, never as keys of a plain object
 * (a tag named `toString` or `__proto__` is a tag like any other), and lookups are O(1).
 */
export interface ReactionSet {
  /** Live tags → the user who added them. */
  readonly adds: ReadonlyMap<string, string>
  /** Tombstones: tags removed, kept so a replayed add cannot revive them. */
  readonly removed: ReadonlySet<string>
}

/** The JSON form of one emoji's set: what the API, the socket and the PostgreSQL checkpoints carry. */
export interface ReactionSetJson {
  adds: Record<string, string>
  removed: string[]
}

/**
 * Emoji → set. Serializes itself (`JSON.stringify` calls `toJSON`) to
 * `{ [emoji]: { adds: { [tag]: user }, removed: [tag] } }`; `reviveReactions` reads that back.
 */
export class Reactions extends Map<string, ReactionSet> {
  /** Tags held by this message, live and removed: what `MAX_REACTION_TAGS` bounds. */
  get tagCount(): number {
    let count = 0
    for (const set of this.values()) count += set.adds.size + set.removed.size
    return count
  }

  toJSON(): Record<string, ReactionSetJson> {
    const out: Record<string, ReactionSetJson> = {}
    for (const [emoji, set] of this) {
      // defineProperty: an own data property whatever the key, even `__proto__`.
      Object.defineProperty(out, emoji, {
        value: { adds: Object.fromEntries(set.adds), removed: [...set.removed] },
        enumerable: true,
        writable: true,
        configurable: true,
      })
    }
    return out
  }
}

export const NO_REACTIONS: Reactions = new Reactions()

const EMPTY: ReactionSet = { adds: new Map(), removed: new Set() }

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Reactions from their JSON form (own properties only); a `Reactions` is returned as it is. */
export const reviveReactions = (value: unknown): Reactions => {
  if (value instanceof Reactions) return value
  const reactions = new Reactions()
  if (!isRecord(value)) return reactions
  for (const [emoji, raw] of Object.entries(value)) {
    if (!isRecord(raw)) continue
    const adds = new Map<string, string>()
    if (isRecord(raw.adds)) {
      for (const [tag, user] of Object.entries(raw.adds)) if (typeof user === 'string') adds.set(tag, user)
    }
    const removed = new Set(Array.isArray(raw.removed) ? raw.removed.filter((tag) => typeof tag === 'string') : [])
    reactions.set(emoji, { adds, removed })
  }
  return reactions
}

/** Whether `tag` was ever seen under `emoji` (live or removed). */
export const hasTag = (reactions: Reactions, emoji: string, tag: string): boolean => {
  const set = reactions.get(emoji)
  return set !== undefined && (set.adds.has(tag) || set.removed.has(tag))
}

/** Who added `tag` under `emoji`, while it is live. */
export const ownerOf = (reactions: Reactions, emoji: string, tag: string): string | undefined =>
  reactions.get(emoji)?.adds.get(tag)

/**
 * Adds `tag` for `user` under `emoji`, unless that tag is already known (live or removed: a
 * tag names one add, so a second add of it, by anyone, changes nothing).
 */
export const addReaction = (reactions: Reactions, emoji: string, tag: string, user: string): Reactions => {
  const set = reactions.get(emoji) ?? EMPTY
  if (set.adds.has(tag) || set.removed.has(tag)) return reactions
  const next = new Reactions(reactions)
  next.set(emoji, { adds: new Map(set.adds).set(tag, user), removed: set.removed })
  return next
}

/** Removes the observed `tags` under `emoji`; tags added concurrently (unseen) stay. */
export const removeReaction = (reactions: Reactions, emoji: string, tags: readonly string[]): Reactions => {
  const set = reactions.get(emoji) ?? EMPTY
  const fresh = tags.filter((tag) => !set.removed.has(tag))
  if (fresh.length === 0) return reactions
  const adds = new Map(set.adds)
  for (const tag of fresh) adds.delete(tag)
  const next = new Reactions(reactions)
  next.set(emoji, { adds, removed: new Set([...set.removed, ...fresh]) })
  return next
}

/** The users who currently react with `emoji` (each once, however many tags they hold). */
export const reactors = (reactions: Reactions, emoji: string): string[] => [
  ...new Set(reactions.get(emoji)?.adds.values() ?? []),
]

/** The live tags `user` holds under `emoji`: what a remove by that user must name. */
export const tagsOf = (reactions: Reactions, emoji: string, user: string): string[] =>
  [...(reactions.get(emoji)?.adds ?? [])].filter(([, who]) => who === user).map(([tag]) => tag)

/** Emoji with at least one reactor, with their reactors, in a stable order. */
export const summarizeReactions = (reactions: Reactions): { emoji: string; users: string[] }[] =>
  [...reactions.keys()]
    .map((emoji) => ({ emoji, users: reactors(reactions, emoji) }))
    .filter((entry) => entry.users.length > 0)

/** State-based merge of two replicas of one set (union of adds minus union of tombstones). */
export const mergeReactionSets = (a: ReactionSet, b: ReactionSet): ReactionSet => {
  const removed = new Set([...a.removed, ...b.removed])
  const adds = new Map<string, string>()
  for (const [tag, user] of [...a.adds, ...b.adds]) if (!removed.has(tag)) adds.set(tag, user)
  return { adds, removed }
}
