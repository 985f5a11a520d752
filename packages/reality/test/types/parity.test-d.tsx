import { createRealityClient, type RealityKey, realityKey } from '@rootlodge/reality'
import {
  optimistic,
  type StandardSchemaV1,
  type UseRealityOptions,
  useMutation,
  useOnline,
  useReality,
} from '@rootlodge/reality/react'
import { expectTypeOf } from 'vitest'
import * as z from 'zod'

// Type-level checks of typed keys, Standard Schema, select, suspense and useMutation, compiled by `tsc` with
// `exactOptionalPropertyTypes` (test/types/tsconfig.json). Never executed: hooks need a provider.
type Post = { id: number; title: string }
// biome-ignore lint/suspicious/noExplicitAny: what `fetch(...).then((r) => r.json())` returns
declare const untyped: () => Promise<any>
declare const maybeFetcher: (() => Promise<Post[]>) | undefined
const postsKey = realityKey<Post[]>('posts')
const countKey = realityKey<number>('count')
const client = createRealityClient()

export const typedKeys = () => {
  expectTypeOf(postsKey).toEqualTypeOf<RealityKey<Post[]>>()
  expectTypeOf(client.getState(postsKey).data).toEqualTypeOf<Post[] | undefined>()
  expectTypeOf(useReality(postsKey).data).toEqualTypeOf<Post[] | undefined>()
  expectTypeOf(useReality(postsKey, { fallback: [] }).data).toEqualTypeOf<Post[]>()
  // The key's type wins over an untyped fetcher: no `any` leaks into data, nor into select.
  expectTypeOf(useReality(postsKey, { fetcher: untyped }).data).toEqualTypeOf<Post[] | undefined>()
  expectTypeOf(useReality(postsKey, { fallback: [], fetcher: untyped }).data).toEqualTypeOf<Post[]>()
  expectTypeOf(
    useReality(postsKey, { fetcher: untyped, select: (posts) => posts.map((p) => p.title) }).data,
  ).toEqualTypeOf<string[] | undefined>()
  // The key's type checks the fetcher.
  expectTypeOf(useReality(postsKey, { fallback: [], fetcher: async () => [] }).data).toEqualTypeOf<Post[]>()
  // @ts-expect-error: a fetcher returning something else is refused
  useReality(postsKey, { fetcher: async () => 'nope' })
  client.setData(postsKey, [{ id: 1, title: 'a' }])
  client.setData(postsKey, (posts) => [...(posts ?? []), { id: 2, title: 'b' }])
  // @ts-expect-error: the written data must be the key's type
  client.setData(postsKey, 'nope')
  client.subscribe(postsKey, (state) => expectTypeOf(state.data).toEqualTypeOf<Post[] | undefined>())
}

export const mutations = () => {
  // The API guide's vanilla snippet, as written.
  void client.mutate(
    'posts',
    { title: 'New Post' },
    async (input) => {
      const res = await fetch('/api/posts', { method: 'POST', body: JSON.stringify(input) })
      return res.json()
    },
    {
      optimisticUpdate: (current, input) => [...(current ?? []), { id: 'temp', ...input, pending: true }],
      rollbackOnError: true,
      invalidateKeys: ['feed'],
    },
  )
  // A typed key checks the optimistic data without annotations.
  void client.mutate(postsKey, 'title', async (title) => title, {
    optimisticUpdate: (current, title) => [...(current ?? []), { id: 0, title }],
  })
  void client.mutate(postsKey, 'title', async (title) => title, {
    // @ts-expect-error: the optimistic data must be the key's type
    optimisticUpdate: (_current, title) => title,
  })

  const create = useMutation(postsKey, async (title: string) => ({ id: 1, title }), {
    optimisticUpdate: (current, title) => [...(current ?? []), { id: 0, title }],
    optimisticUpdates: [optimistic(countKey, (n) => (n ?? 0) + 1)],
    onSuccess: (post, title) => {
      expectTypeOf(post).toEqualTypeOf<Post>()
      expectTypeOf(title).toEqualTypeOf<string>()
    },
    onError: (error) => expectTypeOf(error).toEqualTypeOf<Error>(),
    onSettled: (post, error) => {
      expectTypeOf(post).toEqualTypeOf<Post | undefined>()
      expectTypeOf(error).toEqualTypeOf<Error | null>()
    },
    rollbackOnError: undefined,
  })
  expectTypeOf(create.data).toEqualTypeOf<Post | undefined>()
  expectTypeOf(create.variables).toEqualTypeOf<string | undefined>()
  expectTypeOf(create.status).toEqualTypeOf<'idle' | 'pending' | 'success' | 'error'>()
  expectTypeOf(create.reset).toEqualTypeOf<() => void>()
  // @ts-expect-error: optimistic() checks the update against the key's type
  optimistic(countKey, () => 'one')
}

export const schemas = () => {
  const Post = z.object({ id: z.number(), title: z.string() })
  // Only the Standard Schema interface (zod 4 implements it), as Valibot or ArkType schemas offer it.
  const standard: StandardSchemaV1<unknown, Post[]> = { '~standard': z.array(Post)['~standard'] }
  expectTypeOf(useReality('posts', { schema: standard, fetcher: untyped }).data).toEqualTypeOf<Post[] | undefined>()
  expectTypeOf(useReality('posts', { schema: standard, fallback: [] }).data).toEqualTypeOf<Post[]>()
  expectTypeOf(useReality('posts', { schema: z.array(Post), fallback: [] }).data).toEqualTypeOf<Post[]>()
}

export const readOptions = () => {
  expectTypeOf(useReality(postsKey, { select: (posts) => posts.length }).data).toEqualTypeOf<number | undefined>()
  expectTypeOf(useReality(postsKey, { fallback: [], select: (posts) => posts.length }).data).toEqualTypeOf<number>()
  expectTypeOf(useReality(postsKey, { suspense: true }).data).toEqualTypeOf<Post[]>()
  expectTypeOf(useReality(postsKey, { keepPreviousData: true }).isPreviousData).toEqualTypeOf<boolean>()
  // exactOptionalPropertyTypes: options may be passed as possibly-undefined values.
  const options: UseRealityOptions<Post[]> = { fetcher: maybeFetcher, fallback: undefined, enabled: undefined }
  expectTypeOf(useReality(postsKey, options).data).toEqualTypeOf<Post[] | undefined>()
  createRealityClient({ endpoint: undefined, freshness: undefined, gcTime: undefined, fetchRetry: undefined })
  expectTypeOf(useOnline()).toEqualTypeOf<boolean>()
}
