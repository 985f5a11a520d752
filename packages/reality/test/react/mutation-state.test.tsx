// @vitest-environment jsdom

import { deferred } from '@reality-internal/test-utils'
import { realityKey } from '@rootlodge/reality'
import { optimistic, RealityProvider, type UseMutationResult, useMutation } from '@rootlodge/reality/react'
import { act, render, waitFor } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { openAppWithClient } from './support/app-client'

/*
 * useMutation's state machine (idle → pending → success | error, reset), its callbacks, and optimistic data over
 * several keys, against the real test app: the mutation POSTs a message, Reality reports the change.
 */

const env = openAppWithClient()

type Message = { id: number; text: string }
const roomKey = realityKey<Message[] | string[]>('chat:room:general')
const countKey = realityKey<number>('chat:count')

let mutation: UseMutationResult<string, Message>
let events: string[]

const post = async (text: string): Promise<Message> => {
  const response = await fetch('/api/messages', { method: 'POST', body: JSON.stringify({ text }) })
  if (!response.ok) throw new Error(`HTTP ${response.status}`)
  return response.json()
}

const Sender = ({ run }: { run: (text: string) => Promise<Message> }) => {
  mutation = useMutation(roomKey, run, {
    optimisticUpdate: (current, text) => [...((current ?? []) as string[]), `${text}…`],
    optimisticUpdates: [optimistic(countKey, (n) => (n ?? 0) + 1)],
    onSuccess: (message, text) => {
      events.push(`success ${message.text} ${text}`)
    },
    onError: (error, text) => {
      events.push(`error ${error.message} ${text}`)
    },
    onSettled: (message, error, text) => {
      events.push(`settled ${message?.text ?? '-'} ${error?.message ?? '-'} ${text}`)
    },
  })
  return null
}

const show = () => ({
  status: mutation.status,
  data: mutation.data,
  variables: mutation.variables,
  error: mutation.error?.message ?? null,
  flags: [mutation.isIdle, mutation.isPending, mutation.isSuccess, mutation.isError, mutation.isLoading],
})

beforeEach(() => {
  events = []
})

describe('useMutation state', () => {
  it('goes idle → pending (variables) → success (data), calling onSuccess then onSettled; reset goes back', async () => {
    const hold = deferred<void>()
    render(
      <RealityProvider client={env.client}>
        <Sender
          run={async (text) => {
            await hold.promise
            return post(text)
          }}
        />
      </RealityProvider>,
    )
    expect(show()).toEqual({
      status: 'idle',
      data: undefined,
      variables: undefined,
      error: null,
      flags: [true, false, false, false, false],
    })

    let done!: Promise<Message | undefined>
    act(() => {
      done = mutation.mutate('hello')
    })
    expect(show()).toMatchObject({ status: 'pending', variables: 'hello', flags: [false, true, false, false, true] })
    // Optimistic data on both keys while it runs.
    expect(env.client.getState(roomKey).data).toEqual(['hello…'])
    expect(env.client.getState(countKey).data).toBe(1)

    hold.resolve()
    const result = await act(() => done)
    expect(result).toMatchObject({ text: 'hello' })
    expect(show()).toMatchObject({
      status: 'success',
      data: { text: 'hello' },
      variables: 'hello',
      flags: [false, false, true, false, false],
    })
    expect(events).toEqual(['success hello hello', 'settled hello - hello'])

    act(() => mutation.reset())
    expect(show()).toMatchObject({ status: 'idle', data: undefined, variables: undefined, error: null })
  })

  it('a failure rolls back every key, ends in error with onError then onSettled, and reaches mutateAsync', async () => {
    render(
      <RealityProvider client={env.client}>
        <Sender
          run={async () => {
            throw new Error('refused')
          }}
        />
      </RealityProvider>,
    )
    env.client.setData(countKey, 5)
    env.client.subscribe(roomKey, () => {})
    env.client.subscribe(countKey, () => {})
    await act(async () => {
      await expect(mutation.mutateAsync('nope')).rejects.toThrow('refused')
    })
    expect(show()).toMatchObject({
      status: 'error',
      data: undefined,
      variables: 'nope',
      error: 'refused',
      flags: [false, false, false, true, false],
    })
    expect(events).toEqual(['error refused nope', 'settled - refused nope'])
    expect(env.client.getState(countKey).data).toBe(5)
    expect(env.client.getState(roomKey).data).toBeUndefined()
    // Both keys are synced with hint `mutation` afterwards.
    await waitFor(() =>
      expect(
        env.app.syncRequests().some((r) => r.hint === 'mutation' && 'chat:count' in r.known && roomKey in r.known),
      ).toBe(true),
    )
  })

  it('reports only the last call: an earlier one settling later does not overwrite it', async () => {
    const first = deferred<Message>()
    const second = deferred<Message>()
    const queue = [first, second]
    render(
      <RealityProvider client={env.client}>
        <Sender run={() => (queue.shift() ?? deferred<Message>()).promise} />
      </RealityProvider>,
    )
    let a!: Promise<Message | undefined>
    let b!: Promise<Message | undefined>
    act(() => {
      a = mutation.mutate('a')
      b = mutation.mutate('b')
    })
    second.resolve({ id: 2, text: 'b' })
    await act(() => b)
    expect(show()).toMatchObject({ status: 'success', data: { text: 'b' }, flags: [false, false, true, false, true] })
    first.reject(new Error('late failure'))
    await act(() => a)
    expect(show()).toMatchObject({ status: 'success', data: { text: 'b' }, error: null })
    expect(mutation.isLoading).toBe(false)
  })
})
