// @vitest-environment jsdom

// ── The seed README's "Quick Start / Client (React)", verbatim (formatting aside) ──────────────────────────
import { RealityProvider, useMutation, useReality } from '@rootlodge/reality/react'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppServer } from './support/app-server'
import { openAppPage } from './support/browser-page'

function App() {
  return (
    <RealityProvider endpoint="/reality/sync">
      <Chat />
    </RealityProvider>
  )
}

function Chat() {
  const { data: messages } = useReality('chat:room:general', {
    fallback: [],
    fetcher: () => fetch('/api/messages').then((r) => r.json()),
  })

  const { mutate } = useMutation('chat:room:general', (text) =>
    fetch('/api/messages', { method: 'POST', body: JSON.stringify({ text }) }),
  )

  return (
    <div>
      {messages.map((m) => (
        <div key={m.id}>{m.text}</div>
      ))}
      {/* biome-ignore lint/a11y/useButtonType: verbatim from the seed README */}
      <button onClick={() => mutate('Hello!')}>Send</button>
    </div>
  )
}
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────

let app: AppServer

openAppPage((started) => {
  app = started
})
afterEach(cleanup)

describe('seed README quick start', () => {
  it('renders the messages, sends one and shows it once the server has it', async () => {
    await app.publish('messages', [{ id: 1, text: 'Welcome' }], 'chat:room:general')
    render(<App />)
    await screen.findByText('Welcome')
    expect(app.payloadCount('messages')).toBe(1)

    fireEvent.click(screen.getByText('Send'))
    // The mutation POSTs, the server bumps the key, the client syncs (hint `mutation`) and refetches.
    await screen.findByText('Hello!')
    await waitFor(() => expect(app.payloadCount('messages')).toBe(2))
    expect(screen.getByText('Welcome')).toBeTruthy()
  })
})
