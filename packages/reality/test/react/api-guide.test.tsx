// @vitest-environment jsdom

// ── The API guide's "React Integration" snippet. Changes: the server URL is the test server's (tests never bind
// fixed ports), `Post` is declared, and MyComponent ends with a `return` that renders what the hooks gave. ─────────
import { RealityProvider, useMutation, useReality, useRealityClient, useSync } from '@rootlodge/reality/react'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppServer } from './support/app-server'
import { openAppPage } from './support/browser-page'

type Post = { id?: number; text: string; pending?: boolean }
let REALITY_URL = ''

// Wrap app with provider
function App() {
  return (
    <RealityProvider servers={[REALITY_URL]} executionMode="auto">
      <MyComponent />
    </RealityProvider>
  )
}

// Use hooks
function MyComponent() {
  // Subscribe to data
  const {
    data: posts,
    isLoading,
    isSyncing,
    error,
    sync,
  } = useReality<Post[]>('posts', {
    fallback: [],
    // biome-ignore lint/correctness/noUnusedFunctionParameters: verbatim from the guide
    fetcher: async (key) => {
      const res = await fetch('/api/posts')
      return res.json()
    },
    refetchOnFocus: true,
    refetchOnReconnect: true,
  })

  // Mutation
  const { mutate, isLoading: isSending } = useMutation(
    'posts',
    // biome-ignore lint/correctness/noUnusedFunctionParameters: verbatim from the guide
    async (text: string) => {
      // Your mutation logic
      await sending
    },
    {
      optimisticUpdate: (current, text) => [...current, { text, pending: true }],
    },
  )

  // Direct client access
  const client = useRealityClient()

  // Sync controls
  const { syncAll, syncKeys } = useSync()

  return (
    <div data-testid="view" data-loading={String(isLoading)} data-sending={String(isSending)}>
      <p>{posts.map((p) => (p.pending ? `${p.text}…` : p.text)).join(', ')}</p>
      <p>{`${isSyncing ? 'syncing' : 'synced'} ${error?.message ?? 'no error'} ${client.getExecutionMode()}`}</p>
      <button type="button" onClick={() => mutate('draft')}>
        post
      </button>
      <button type="button" onClick={() => sync()}>
        sync
      </button>
      <button type="button" onClick={() => syncAll()}>
        all
      </button>
      <button type="button" onClick={() => syncKeys(['posts'])}>
        keys
      </button>
    </div>
  )
}
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────

let release: () => void = () => {}
let sending: Promise<void> = Promise.resolve()
let app: AppServer

openAppPage((started) => {
  app = started
  REALITY_URL = started.url
})
afterEach(cleanup)

describe('API guide: React Integration', () => {
  it('loads posts, shows an optimistic post while sending, and every sync control reaches the server', async () => {
    await app.publish('posts', [{ id: 1, text: 'hello' }], 'posts')
    render(<App />)
    await screen.findByText('hello')
    expect(screen.getByText(/no error client/)).toBeTruthy()

    sending = new Promise((resolve) => {
      release = resolve
    })
    fireEvent.click(screen.getByText('post'))
    await screen.findByText('hello, draft…')
    expect(screen.getByTestId('view').dataset.sending).toBe('true')
    release()
    // The mutation's own sync refetches the server's list, which replaces the optimistic one.
    await screen.findByText('hello')
    await waitFor(() => expect(screen.getByTestId('view').dataset.sending).toBe('false'))

    for (const [button, hint] of [
      ['sync', 'interaction'],
      ['all', 'interaction'],
      ['keys', 'interaction'],
    ]) {
      const before = app.syncCount()
      fireEvent.click(screen.getByText(button))
      await waitFor(() => expect(app.syncCount()).toBe(before + 1))
      expect(app.syncRequests().at(-1)).toMatchObject({ known: { posts: expect.any(Number) }, hint })
    }
  })
})
