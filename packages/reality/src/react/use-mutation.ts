import { useCallback, useRef, useState } from 'react'
import type { RealityKey } from '../core/key'
import type { MutateOptions } from '../core/types'
import { useRealityClient } from './context'
import { useLatest } from './use-latest'

/**
 * An optimistic write to another key of a mutation: shown while it runs, rolled back if it fails, refetched after.
 * `update` may declare the type it expects (`(posts: Post[] | undefined, input) => …`); `optimistic(key, update)`
 * checks it against a typed key.
 */
export interface OptimisticWrite<I = unknown> {
  /** The other key to write. */
  key: string
  /** Its data while the mutation runs, from its current data and the mutation's input. */
  update(current: unknown, input: I): unknown
}

/**
 * An optimistic write whose `update` is checked against the key's payload type.
 *
 * @example
 * useMutation(postsKey, createPost, { optimisticUpdates: [optimistic(countKey, (n) => (n ?? 0) + 1)] })
 */
export const optimistic = <T, I = unknown>(
  key: RealityKey<T>,
  update: (current: T | undefined, input: I) => T,
): OptimisticWrite<I> => ({ key, update: update as OptimisticWrite<I>['update'] })

/** Options of `useMutation`: those of `client.mutate`, optimistic writes to other keys, and lifecycle callbacks. */
export interface UseMutationOptions<TData, TInput, TResult> extends MutateOptions<TData, TInput> {
  /** Optimistic data for other keys; each is rolled back on failure and refetched afterwards, like the key's own. */
  optimisticUpdates?: OptimisticWrite<TInput>[] | undefined
  /** After a success (awaited before `mutateAsync` resolves). */
  onSuccess?: ((result: TResult, input: TInput) => unknown) | undefined
  /** After a failure, once the optimistic data was rolled back (awaited before `mutateAsync` rejects). */
  onError?: ((error: Error, input: TInput) => unknown) | undefined
  /** After either, following `onSuccess` / `onError`. */
  onSettled?: ((result: TResult | undefined, error: Error | null, input: TInput) => unknown) | undefined
}

/** Where the last mutation started here stands. */
export type MutationStatus = 'idle' | 'pending' | 'success' | 'error'

/** What `useMutation` returns. `status`, `data`, `variables` and `error` describe the last `mutate` call. */
export interface UseMutationResult<TInput, TResult> {
  /** Runs the mutation; resolves to its result, or to `undefined` when it failed (see `error`). */
  mutate: (input: TInput) => Promise<TResult | undefined>
  /** Like `mutate`, but rejects when the mutation fails. */
  mutateAsync: (input: TInput) => Promise<TResult>
  /** Where the last mutation stands. */
  status: MutationStatus
  /** `status === 'idle'`: nothing ran yet (or `reset()` was called). */
  isIdle: boolean
  /** `status === 'pending'`: the last mutation is running. */
  isPending: boolean
  /** `status === 'success'`. */
  isSuccess: boolean
  /** `status === 'error'`. */
  isError: boolean
  /** At least one mutation started here is running (several may overlap; `isPending` is about the last one). */
  isLoading: boolean
  /** The result of the last mutation, once it succeeded. */
  data: TResult | undefined
  /** The input of the last mutation, from the moment it starts (render it as a pending item). */
  variables: TInput | undefined
  /** The error of the last mutation, once it failed. */
  error: Error | null
  /** Back to `idle`: clears `data`, `variables` and `error`; a mutation still running no longer reports here. */
  reset: () => void
}

interface LastMutation<TInput, TResult> {
  status: MutationStatus
  data: TResult | undefined
  variables: TInput | undefined
  error: Error | null
}

const IDLE = { status: 'idle', data: undefined, variables: undefined, error: null } as const

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)))

/**
 * Runs `fn` as a mutation of `key`: optional optimistic data (on this key and others), rollback on error
 * (default), then a sync of the keys involved and `invalidateKeys`, so every subscriber sees the server's result.
 * `fn` and `options` may change per render.
 *
 * @example
 * const { mutate, isPending, variables } = useMutation('chat:room:general', (text: string) =>
 *   fetch('/api/messages', { method: 'POST', body: JSON.stringify({ text }) }),
 * )
 */
export const useMutation = <
  TInput = unknown,
  TResult = unknown,
  // `any` by default, as SWR does: the API guide's unannotated `optimisticUpdate: (current) => [...current]` must
  // compile. A `realityKey<T>()` key binds it to the key's payload type instead.
  // biome-ignore lint/suspicious/noExplicitAny: the data type cannot be inferred from a context-sensitive callback
  TData = any,
>(
  key: RealityKey<TData> | string,
  fn: (input: TInput) => TResult | Promise<TResult>,
  options?: UseMutationOptions<TData, TInput, TResult>,
): UseMutationResult<TInput, TResult> => {
  const client = useRealityClient()
  const latest = useLatest({ fn, options })
  const [running, setRunning] = useState(0)
  const [last, setLast] = useState<LastMutation<TInput, TResult>>(IDLE)
  // Each call's number: only the last call (since the last reset) may write `last`.
  const calls = useRef(0)

  const mutateAsync = useCallback(
    async (input: TInput): Promise<TResult> => {
      const call = ++calls.current
      const report = (next: LastMutation<TInput, TResult>) => {
        if (calls.current === call) setLast(next)
      }
      const { fn: run, options: opts = {} } = latest.current
      setRunning((n) => n + 1)
      report({ status: 'pending', data: undefined, variables: input, error: null })
      // Other keys' optimistic writes: nested mutations, each with its own guard, rollback and refetch.
      const inner = (opts.optimisticUpdates ?? []).reduceRight<(i: TInput) => Promise<TResult>>(
        (next, write) => (i) =>
          client.mutate(write.key, i, next, { optimisticUpdate: write.update, rollbackOnError: opts.rollbackOnError }),
        async (i) => run(i),
      )
      try {
        const result = await client.mutate<TInput, TResult, TData>(key, input, inner, opts)
        await opts.onSuccess?.(result, input)
        await opts.onSettled?.(result, null, input)
        report({ status: 'success', data: result, variables: input, error: null })
        return result
      } catch (thrown) {
        const error = asError(thrown)
        await opts.onError?.(error, input)
        await opts.onSettled?.(undefined, error, input)
        report({ status: 'error', data: undefined, variables: input, error })
        throw thrown
      } finally {
        setRunning((n) => n - 1)
      }
    },
    [client, key, latest],
  )
  const mutate = useCallback((input: TInput) => mutateAsync(input).catch(() => undefined), [mutateAsync])
  const reset = useCallback(() => {
    calls.current++
    setLast(IDLE)
  }, [])

  return {
    mutate,
    mutateAsync,
    ...last,
    isIdle: last.status === 'idle',
    isPending: last.status === 'pending',
    isSuccess: last.status === 'success',
    isError: last.status === 'error',
    isLoading: running > 0,
    reset,
  }
}
