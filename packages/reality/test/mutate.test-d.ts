import type { RealityClient } from '@rootlodge/reality'
import { expectTypeOf } from 'vitest'

// Type-level checks of client.mutate's inference, run by `tsc` (never executed).
type Post = { id: string; title: string }
declare const reality: RealityClient

export const inference = async () => {
  // The API guide's snippet, unannotated: the data type defaults to any, so it compiles under strict.
  const result = await reality.mutate('posts', { title: 'New Post' }, async (input) => ({ id: '1', ...input }), {
    optimisticUpdate: (current, input) => [...(current ?? []), { id: 'temp', ...input, pending: true }],
  })
  expectTypeOf(result).toEqualTypeOf<{ title: string; id: string }>()

  // Annotated, the data type is inferred from `current` and the optimistic data checked against it.
  await reality.mutate('posts', { title: 'x' }, async (input) => input, {
    optimisticUpdate: (current: Post[] | undefined, input) => [...(current ?? []), { id: 'temp', ...input }],
  })
  await reality.mutate('posts', { title: 'x' }, async (input) => input, {
    // @ts-expect-error: the optimistic data must match the key's data type
    optimisticUpdate: (_current: Post[] | undefined, input) => input.title,
  })
}
