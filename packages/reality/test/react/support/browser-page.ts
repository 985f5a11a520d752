/*
 * Makes the jsdom page behave like a browser tab served by the test app: its URL is the app's origin and
 * `fetch` resolves relative URLs against it, as browsers do (Node's fetch rejects them). Requests still go
 * over real HTTP to the real server; nothing is answered here. Lets the seed snippets run verbatim
 * (`endpoint="/reality/sync"`, `fetch('/api/messages')`).
 */

import type { RealityServer } from '@rootlodge/reality-server'
import { afterAll, beforeAll } from 'vitest'
import { type AppServer, startAppServer } from './app-server'

declare global {
  // Set by Vitest's jsdom environment.
  var jsdom: { reconfigure(settings: { url?: string }): void }
}

/** Opens the page at `origin`; returns the function that restores Node's fetch. */
export const openPageAt = (origin: string): (() => void) => {
  jsdom.reconfigure({ url: `${origin}/` })
  const nodeFetch = globalThis.fetch
  globalThis.fetch = (input, init) =>
    nodeFetch(typeof input === 'string' || input instanceof URL ? new URL(input, document.baseURI) : input, init)
  return () => {
    globalThis.fetch = nodeFetch
  }
}

/**
 * For the whole test file: starts the test app (on `reality` when given) and opens the page at its origin,
 * handing the app to `started`; at the end, restores Node's fetch and closes the app.
 */
export const openAppPage = (started: (app: AppServer) => void, reality?: RealityServer): void => {
  let app: AppServer | undefined
  let closePage = (): void => {}
  beforeAll(async () => {
    app = await startAppServer(reality)
    closePage = openPageAt(app.url)
    started(app)
  })
  afterAll(async () => {
    closePage()
    await app?.close()
  })
}

/** Fires what a browser fires when the user leaves the tab and comes back to it. */
export const refocusWindow = (): void => {
  window.dispatchEvent(new Event('blur'))
  window.dispatchEvent(new Event('focus'))
}

/** Fires what a browser fires when the network drops and comes back. */
export const reconnectNetwork = (): void => {
  window.dispatchEvent(new Event('offline'))
  window.dispatchEvent(new Event('online'))
}
