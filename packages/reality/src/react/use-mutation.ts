import { useCallback, useState } from 'react'
import type { MutateOptions } from '../core/types'
import { useRealityClient } from './context'
import { useLatest } from './use-latest'

/** What `useMutation` returns. */
export interface UseMutationResult<TInput, TResult> {
  /** Runs the mutation; resolves to its result, or to `undefined` when it failed (see `error`). */
  mutate: (input: TInput) => Promise<TResult | undefined>
  /** Like `mutate`, but rejects when the mutation fails. */
  mutateAsync: (input: TInput) => Promise<TResult>
  /** At least one mutation started here is running. */
  isLoading: boolean
  /** The error of the last failed mutation; cleared when the next one starts. */
  error: Error | null
}

type MutationState = { running: number; error: Error | null }

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)))

/**
 * Runs `fn` as a mutation of `key`: optional optimistic data, rollback on error (default), then a sync of `key`
 * and `invalidateKeys` so every subscriber sees the server's result. `fn` and `options` may change per render.
 *
 * @example
 * const { mutate, isLoading } = useMutation('chat:room:general', (text: string) =>
 *   fetch('/api/messages', { method: 'POST', body: JSON.stringify({ text }) }),
 * )
 */
export const useMutation = <
  TInput = unknown,
  TResult = unknown,
  // `any` by default, as SWR does: an unannotated `optimisticUpdate: (current) => [...current]` must compile.
  // biome-ignore lint/suspicious/noExplicitAny: the data type cannot be inferred from a context-sensitive callback
  TData = any,
>(
  key: string,
  fn: (input: TInput) => TResult | Promise<TResult>,
  options?: MutateOptions<TData, TInput>,
): UseMutationResult<TInput, TResult> => {
  const client = useRealityClient()
  const latest = useLatest({ fn, options })
  const [state, setState] = useState<MutationState>({ running: 0, error: null })

  const mutateAsync = useCallback(
    async (input: TInput): Promise<TResult> => {
      setState((s) => ({ running: s.running + 1, error: null }))
      try {
        const result = await client.mutate<TInput, TResult, TData>(
          key,
          input,
          latest.current.fn,
          latest.current.options,
        )
        setState((s) => ({ ...s, running: s.running - 1 }))
        return result
      } catch (error) {
        setState((s) => ({ running: s.running - 1, error: asError(error) }))
        throw error
      }
    },
    [client, key, latest],
  )
  const mutate = useCallback((input: TInput) => mutateAsync(input).catch(() => undefined), [mutateAsync])

  return { mutate, mutateAsync, isLoading: state.running > 0, error: state.error }
}
