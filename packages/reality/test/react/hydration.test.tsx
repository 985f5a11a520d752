// @vitest-environment jsdom
import {
  createRealityClient,
  createSSRContext,
  hydrationOptions,
  type RealityDehydratedState,
} from '@rootlodge/reality'
import { RealityProvider, useReality } from '@rootlodge/reality/react'
import { createEmbeddedRealityServer } from '@rootlodge/reality-server'
import { act, screen, waitFor } from '@testing-library/react'
import { hydrateRoot, type Root } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { describe, expect, it, vi } from 'vitest'
import type { AppServer } from './support/app-server'
import { openAppPage, refocusWindow } from './support/browser-page'
import { countingFetcher } from './support/counting-fetcher'

const embedded = createEmbeddedRealityServer({ serverId: 'hydration' })
let app: AppServer

openAppPage((started) => {
  app = started
}, embedded.server)

const browserFetcher = countingFetcher('posts') as ReturnType<typeof countingFetcher> & (() => Promise<string[]>)

const Posts = () => {
  const { data, isLoading } = useReality<string[]>('posts', { fetcher: browserFetcher })
  return <ul data-testid="posts">{isLoading ? <li>loading</li> : data?.map((post) => <li key={post}>{post}</li>)}</ul>
}

/** The server side of a request: versions then payloads from the embedded server, rendered to HTML. */
const renderOnServer = async (): Promise<{ html: string; state: RealityDehydratedState }> => {
  const ssr = createSSRContext({ serverId: 'hydration' })
  await ssr.load('posts', async () => (await fetch(`${app.url}/api/posts`)).json())
  const state = JSON.parse(ssr.serialize()) as RealityDehydratedState
  const html = renderToString(
    <RealityProvider executionMode="ssr-embedded" serverId="hydration" {...hydrationOptions(state)}>
      <Posts />
    </RealityProvider>,
  )
  return { html, state }
}

describe('SSR render, then hydration in the browser', () => {
  it('renders the data into the HTML, hydrates without a mismatch or a refetch, then follows changes', async () => {
    await embedded.invalidate(['posts'])
    await app.publish('posts', ['a', 'b'])
    const { html, state } = await renderOnServer()
    expect(html).toContain('<li>a</li><li>b</li>')
    expect(app.payloadCount('posts')).toBe(1) // the server render's own load

    const container = document.createElement('div')
    container.innerHTML = html
    document.body.append(container)
    const client = createRealityClient({ endpoint: '/reality/sync', ...hydrationOptions(state) })
    const onRecoverableError = vi.fn()
    const syncsBefore = app.syncCount()
    let root: Root | undefined
    await act(async () => {
      root = hydrateRoot(
        container,
        <RealityProvider client={client}>
          <Posts />
        </RealityProvider>,
        { onRecoverableError },
      )
    })
    await waitFor(() => expect(app.syncCount()).toBe(syncsBefore + 1)) // the mount sync …
    await act(() => client.syncKeys(['posts'])) // … applied (barrier)
    expect(browserFetcher.calls).toBe(0) // … found the version unchanged: no payload request
    expect(app.payloadCount('posts')).toBe(1)
    expect(onRecoverableError).not.toHaveBeenCalled()
    expect(screen.getByTestId('posts').textContent).toBe('ab')

    await app.publish('posts', ['a', 'b', 'c'], 'posts')
    refocusWindow()
    await waitFor(() => expect(screen.getByTestId('posts').textContent).toBe('abc'))
    expect(browserFetcher.calls).toBe(1)
    act(() => root!.unmount())
    client.destroy()
  })
})
