import type { RealityNodeMeta } from '@rootlodge/reality'
import { useMutation, useReality } from '@rootlodge/reality/react'
import { expectTypeOf } from 'vitest'
import * as z from 'zod'

// Type-level checks of the hooks' inference, run by `tsc` (never executed: hooks need a provider).
type Post = { id: number; title: string }
// biome-ignore lint/suspicious/noExplicitAny: what `fetch(...).then((r) => r.json())` returns
declare const untyped: () => Promise<any>
declare const typed: () => Promise<Post[]>

export const inference = () => {
  // Explicit type: data is never undefined with a fallback, possibly undefined without one.
  expectTypeOf(useReality<Post[]>('a', { fallback: [] }).data).toEqualTypeOf<Post[]>()
  expectTypeOf(useReality<Post[]>('a').data).toEqualTypeOf<Post[] | undefined>()
  // Inferred from the fetcher, even with an empty-array fallback.
  expectTypeOf(useReality('a', { fallback: [], fetcher: typed }).data).toEqualTypeOf<Post[]>()
  expectTypeOf(useReality('a', { fetcher: typed }).data).toEqualTypeOf<Post[] | undefined>()
  // Inferred from a Zod schema, whatever the fetcher returns (it is validated).
  const schema = z.array(z.object({ id: z.number(), title: z.string() }))
  expectTypeOf(useReality('a', { schema, fetcher: untyped, fallback: [] }).data).toEqualTypeOf<Post[]>()
  expectTypeOf(useReality('a', { schema, fetcher: async () => 'raw' as unknown }).data).toEqualTypeOf<
    Post[] | undefined
  >()
  // Untyped fetcher + array fallback (the README quick start): any[], so `.map((m) => m.id)` compiles.
  // biome-ignore lint/suspicious/noExplicitAny: the expected type
  expectTypeOf(useReality('a', { fallback: [], fetcher: untyped }).data).toEqualTypeOf<any[]>()
  // Untyped fetcher + object fallback: honestly any.
  expectTypeOf(useReality('a', { fallback: { n: 1 }, fetcher: untyped }).data).toBeAny()
  // Fallback alone.
  expectTypeOf(useReality('a', { fallback: 0 }).data).toEqualTypeOf<number>()
  expectTypeOf(useReality('a').meta).toEqualTypeOf<RealityNodeMeta | null>()

  // useMutation: input from the function, result from its return value.
  const post = useMutation('posts', async (title: string) => ({ id: 1, title }))
  expectTypeOf(post.mutate).parameter(0).toEqualTypeOf<string>()
  expectTypeOf(post.mutateAsync).returns.resolves.toEqualTypeOf<Post>()
  expectTypeOf(post.mutate).returns.resolves.toEqualTypeOf<Post | undefined>()
  // With a typed optimistic update the data type is checked.
  useMutation('posts', async (title: string) => title, {
    optimisticUpdate: (current: Post[] | undefined, title) => [...(current ?? []), { id: 0, title }],
  })
  useMutation('posts', async (title: string) => title, {
    // @ts-expect-error: the optimistic data must match the key's data type
    optimisticUpdate: (_current: Post[] | undefined, title) => title,
  })
}
