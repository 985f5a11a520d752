// @vitest-environment jsdom

// ── The API guide's "Pattern 1: Basic React App", verbatim except the server URL (the test server's) and the
// declaration of `Post`. ───────────────────────────────────────────────────────────────────────────────────────
import { RealityProvider, useReality } from '@rootlodge/reality/react'
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppServer } from './support/app-server'
import { openAppPage } from './support/browser-page'

interface Post {
  id: number
  title: string
}
let REALITY_URL = ''

function App() {
  return (
    <RealityProvider servers={[REALITY_URL]}>
      <PostsList />
    </RealityProvider>
  )
}

function PostsList() {
  const { data: posts, isLoading } = useReality<Post[]>('posts', {
    fallback: [],
    fetcher: () => fetch('/api/posts').then((r) => r.json()),
  })

  if (isLoading) return <div>Loading...</div>
  return (
    <ul>
      {posts.map((p) => (
        <li key={p.id}>{p.title}</li>
      ))}
    </ul>
  )
}
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────

let app: AppServer

openAppPage((started) => {
  app = started
  REALITY_URL = started.url
})
afterEach(cleanup)

describe('API guide: Pattern 1', () => {
  it('shows Loading... then the posts', async () => {
    await app.publish(
      'posts',
      [
        { id: 1, title: 'First' },
        { id: 2, title: 'Second' },
      ],
      'posts',
    )
    render(<App />)
    expect(screen.getByText('Loading...')).toBeTruthy()
    expect((await screen.findAllByRole('listitem')).map((li) => li.textContent)).toEqual(['First', 'Second'])
    expect(app.payloadCount('posts')).toBe(1)
  })
})
