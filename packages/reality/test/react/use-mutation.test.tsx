// @vitest-environment jsdom
import { RealityProvider, type UseMutationResult, useMutation, useReality } from '@rootlodge/reality/react'
import { act, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { openAppWithClient } from './support/app-client'
import { countingFetcher } from './support/counting-fetcher'

const env = openAppWithClient()

type Message = { id: number | string; text: string; pending?: boolean }

/** A promise resolved or rejected from the test, to hold a mutation in flight. */
const gate = () => {
  let open!: () => void
  let fail!: (error: Error) => void
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve
    fail = reject
  })
  return { promise, open, fail }
}

let mutation: UseMutationResult<string, Message>

/** The chat list plus a mutation that waits for `hold` before POSTing `text` (or failing). */
const Chat = ({ hold, invalidateKeys }: { hold: Promise<void>; invalidateKeys?: string[] }) => {
  const { data: messages } = useReality<Message[]>('chat:room:general', {
    fallback: [],
    fetcher: countingFetcher('messages') as () => Promise<Message[]>,
  })
  mutation = useMutation(
    'chat:room:general',
    async (text: string): Promise<Message> => {
      await hold
      const response = await fetch('/api/messages', { method: 'POST', body: JSON.stringify({ text }) })
      return response.json()
    },
    {
      optimisticUpdate: (current: Message[] | undefined, text) => [
        ...(current ?? []),
        { id: 'temp', text, pending: true },
      ],
      invalidateKeys,
    },
  )
  return (
    <ul data-testid="list" data-loading={String(mutation.isLoading)} data-error={mutation.error?.message ?? ''}>
      {messages.map((m) => (
        <li key={m.id}>{m.pending ? `${m.text} (sending)` : m.text}</li>
      ))}
    </ul>
  )
}

const list = () => screen.getByTestId('list')

/** Renders the chat with its mutation held on `hold`, once the room has loaded. */
const renderChat = async (hold: Promise<void>) => {
  render(
    <RealityProvider client={env.client}>
      <Chat hold={hold} />
    </RealityProvider>,
  )
  await waitFor(() => expect(env.client.getState('chat:room:general').status).toBe('idle'))
}

const feed = countingFetcher('feed')
const Feed = () => {
  const { data } = useReality('feed', { fetcher: feed })
  return <p data-testid="feed">{JSON.stringify(data)}</p>
}

describe('useMutation', () => {
  it('shows the optimistic data while running, then the server data; isLoading follows the mutation', async () => {
    const held = gate()
    await renderChat(held.promise)

    let result: Promise<Message | undefined> | undefined
    act(() => {
      result = mutation.mutate('first')
    })
    await screen.findByText('first (sending)')
    expect(list().dataset.loading).toBe('true')

    held.open()
    await expect(result).resolves.toMatchObject({ id: 1, text: 'first' })
    await screen.findByText('first')
    expect(screen.queryByText('first (sending)')).toBeNull()
    expect(list().dataset.loading).toBe('false')
  })

  it('rolls back and exposes the error when the mutation fails; mutate resolves, mutateAsync rejects', async () => {
    const held = gate()
    await renderChat(held.promise)
    const count = list().children.length

    let settled: Promise<Message | undefined> | undefined
    act(() => {
      settled = mutation.mutate('doomed')
    })
    await screen.findByText('doomed (sending)')
    held.fail(new Error('server said no'))
    await expect(settled).resolves.toBeUndefined()
    await waitFor(() => expect(list().dataset.error).toBe('server said no'))
    expect(screen.queryByText('doomed (sending)')).toBeNull()
    expect(list().children).toHaveLength(count)
    expect(list().dataset.loading).toBe('false')

    await act(() => expect(mutation.mutateAsync('again')).rejects.toThrow('server said no'))
  })

  it('refetches invalidateKeys after success', async () => {
    await env.app.publish('feed', ['old'], 'feed')
    const held = gate()
    held.open()
    render(
      <RealityProvider client={env.client}>
        <Chat hold={held.promise} invalidateKeys={['feed']} />
        <Feed />
      </RealityProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('feed').textContent).toBe('["old"]'))
    // The feed's payload changes without a version bump: only the invalidation makes the client fetch it.
    await env.app.publish('feed', ['new'])
    await act(() => mutation.mutateAsync('hello'))
    await waitFor(() => expect(screen.getByTestId('feed').textContent).toBe('["new"]'))
    expect(feed.calls).toBe(2)
  })
})
