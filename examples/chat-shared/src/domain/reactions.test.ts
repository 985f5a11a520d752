import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addReaction,
  mergeReactionSets,
  NO_REACTIONS,
  Reactions,
  reactors,
  removeReaction,
  reviveReactions,
  tagsOf,
} from './reactions'

type Op = { kind: 'add'; user: string; tag: string } | { kind: 'remove'; tags: string[] }

const apply = (state: Reactions, op: Op): Reactions =>
  op.kind === 'add' ? addReaction(state, '👍', op.tag, op.user) : removeReaction(state, '👍', op.tags)

describe('reactions (observed-remove set)', () => {
  it('two users adding at the same moment both count', () => {
    const a = addReaction(NO_REACTIONS, '👍', 't1', 'alice')
    const b = addReaction(NO_REACTIONS, '👍', 't2', 'bob')
    expect(reactors(addReaction(a, '👍', 't2', 'bob'), '👍').sort()).toEqual(['alice', 'bob'])
    const merged = new Reactions([['👍', mergeReactionSets(a.get('👍')!, b.get('👍')!)]])
    expect(reactors(merged, '👍').sort()).toEqual(['alice', 'bob'])
  })

  it('a remove only takes away the tags it observed: a concurrent re-add by the same user survives', () => {
    const added = addReaction(NO_REACTIONS, '👍', 't1', 'alice')
    const removeSeen = removeReaction(added, '👍', tagsOf(added, '👍', 'alice'))
    const concurrentAdd = addReaction(removeSeen, '👍', 't2', 'alice')
    expect(reactors(concurrentAdd, '👍')).toEqual(['alice'])
  })

  it('a replayed add of a removed tag stays removed (tombstones)', () => {
    const removed = removeReaction(addReaction(NO_REACTIONS, '👍', 't1', 'alice'), '👍', ['t1'])
    expect(reactors(addReaction(removed, '👍', 't1', 'alice'), '👍')).toEqual([])
  })

  it('any order of the same operations, applied any number of times, ends in the same set', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('add' as const),
        user: fc.constantFrom('a', 'b', 'c'),
        tag: fc.constantFrom('1', '2', '3', '4', '5', '6'),
      }),
      fc.record({ kind: fc.constant('remove' as const), tags: fc.subarray(['1', '2', '3', '4', '5', '6']) }),
    )
    // A tag names one add, made by one user (clients make tags unique).
    const tagged = fc
      .array(op, { maxLength: 12 })
      .map((ops) => ops.map((o) => (o.kind === 'add' ? { ...o, user: `user-of-${o.tag}` } : o)))
    const normal = (state: Reactions) => ({
      live: [...(state.get('👍')?.adds.keys() ?? [])].sort(),
      dead: [...(state.get('👍')?.removed ?? [])].sort(),
    })
    fc.assert(
      fc.property(
        tagged.chain((ops) =>
          fc.tuple(fc.constant(ops), fc.shuffledSubarray([...ops, ...ops], { minLength: ops.length * 2 })),
        ),
        ([ops, shuffled]) => {
          expect(normal(shuffled.reduce(apply, NO_REACTIONS))).toEqual(normal(ops.reduce(apply, NO_REACTIONS)))
        },
      ),
    )
  })

  it('tags named like Object.prototype members are tags like any other, and survive JSON', () => {
    let state = NO_REACTIONS
    for (const tag of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      state = addReaction(state, '👍', tag, `user-${tag}`)
    }
    state = addReaction(state, '__proto__', 'valueOf', 'user-v')
    expect(reactors(state, '👍').sort()).toEqual([
      'user-__proto__',
      'user-constructor',
      'user-hasOwnProperty',
      'user-toString',
    ])
    const revived = reviveReactions(JSON.parse(JSON.stringify(state)))
    expect(revived).toEqual(state)
    expect(tagsOf(revived, '__proto__', 'user-v')).toEqual(['valueOf'])
    expect(reactors(removeReaction(revived, '👍', ['toString']), '👍')).not.toContain('user-toString')
  })
})
