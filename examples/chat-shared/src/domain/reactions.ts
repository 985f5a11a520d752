/**
 * Reactions as an observed-remove set per emoji. Every "add" carries a fresh unique tag; a
 * "remove" names the tags its author had seen. An add that the remover had not seen survives,
 * so two people reacting at the same moment both count, and one user's add in one tab and
 * remove in another never cancel an add they did not see. Removed tags stay as tombstones so
 * a late or replayed add of a removed tag stays removed: applying operations in any order,
 * any number of times, ends in the same set.
 */
export interface ReactionSet {
  /** Live tags → the user who added them. */
  readonly adds: Readonly<Record<string, string>>
  /** Tombstones: tags removed, kept so a replayed add cannot revive them. */
  readonly removed: readonly string[]
}

export type Reactions = Readonly<Record<string, ReactionSet>>

const EMPTY: ReactionSet = { adds: {}, removed: [] }

/** Adds `tag` for `user` under `emoji`, unless that tag was already removed. */
export const addReaction = (reactions: Reactions, emoji: string, tag: string, user: string): Reactions => {
  const set = reactions[emoji] ?? EMPTY
  if (set.adds[tag] === user || set.removed.includes(tag)) return reactions
  return { ...reactions, [emoji]: { adds: { ...set.adds, [tag]: user }, removed: set.removed } }
}

/** Removes the observed `tags` under `emoji`; tags added concurrently (unseen) stay. */
export const removeReaction = (reactions: Reactions, emoji: string, tags: readonly string[]): Reactions => {
  const set = reactions[emoji] ?? EMPTY
  const fresh = tags.filter((tag) => !set.removed.includes(tag))
  if (fresh.length === 0) return reactions
  const adds = { ...set.adds }
  for (const tag of fresh) delete adds[tag]
  return { ...reactions, [emoji]: { adds, removed: [...set.removed, ...fresh] } }
}

/** The users who currently react with `emoji` (each once, however many tags they hold). */
export const reactors = (reactions: Reactions, emoji: string): string[] => [
  ...new Set(Object.values(reactions[emoji]?.adds ?? {})),
]

/** The live tags `user` holds under `emoji`: what a remove by that user must name. */
export const tagsOf = (reactions: Reactions, emoji: string, user: string): string[] =>
  Object.entries(reactions[emoji]?.adds ?? {})
    .filter(([, who]) => who === user)
    .map(([tag]) => tag)

/** Emoji with at least one reactor, with their reactors, in a stable order. */
export const summarizeReactions = (reactions: Reactions): { emoji: string; users: string[] }[] =>
  Object.keys(reactions)
    .map((emoji) => ({ emoji, users: reactors(reactions, emoji) }))
    .filter((entry) => entry.users.length > 0)

/** State-based merge of two replicas of one set (union of adds minus union of tombstones). */
export const mergeReactionSets = (a: ReactionSet, b: ReactionSet): ReactionSet => {
  const removed = [...new Set([...a.removed, ...b.removed])]
  const adds: Record<string, string> = {}
  for (const [tag, user] of [...Object.entries(a.adds), ...Object.entries(b.adds)]) {
    if (!removed.includes(tag)) adds[tag] = user
  }
  return { adds, removed }
}
