/*
 * The script of the cross-origin test page, bundled by esbuild and served from the page origin. It talks to the
 * Reality server on the other origin and exposes `window.reality` for the test to drive.
 */
import { createRealityClient, type RealityOptions } from '@rootlodge/reality'
import { RealityProvider, useReality, useRealityClient } from '@rootlodge/reality/react'
import { createElement, useState } from 'react'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'

export interface PageApi {
  /** One sync of `key` by a fresh client with these options; resolves when the client has an answer. */
  sync(key: string, options: Pick<RealityOptions, 'servers' | 'credentials' | 'headers'>): Promise<unknown>
  /** Renders a provider whose `headers` carry `Bearer <token>`. */
  mount(server: string, token: string): void
  /** Re-renders the mounted provider with a new token, committed before it returns. */
  rotate(token: string): void
  /** Syncs every key of the mounted provider's client. */
  syncMounted(): Promise<void>
}

declare global {
  interface Window {
    reality: PageApi
  }
}

let rotate: (token: string) => void = () => {}
let mounted: ReturnType<typeof createRealityClient> | undefined

const Reader = () => {
  mounted = useRealityClient()
  useReality('rotate:key', { fetcher: async () => 'payload' })
  return null
}

const App = ({ server, first }: { server: string; first: string }) => {
  const [token, setToken] = useState(first)
  rotate = setToken
  return createElement(
    RealityProvider,
    { servers: [server], headers: { authorization: `Bearer ${token}` } },
    createElement(Reader),
  )
}

window.reality = {
  sync: async (key, options) => {
    const client = createRealityClient(options)
    try {
      await client.syncKeys([key])
      return client.getKnownVersions()[key]
    } finally {
      client.destroy()
    }
  },
  mount: (server, token) => {
    const root = document.createElement('div')
    document.body.append(root)
    createRoot(root).render(createElement(App, { server, first: token }))
  },
  rotate: (token) => flushSync(() => rotate(token)),
  syncMounted: async () => {
    await mounted?.syncAll()
  },
}
