import { waitFor } from '@reality-internal/test-utils'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, it } from 'vitest'
import {
  type ChatServerProcess,
  type ChromiumSession,
  confirmed,
  launchChromium,
  newUser,
  openChat,
  send,
  setHidden,
  startServer,
} from './harness'

/*
 * The baseline runs the same UI over a WebSocket. This proves it is a working chat (so the
 * comparison is fair) and shows the difference that matters: its socket stays open, and
 * keeps receiving, while the tab is hidden.
 */

let server: ChatServerProcess
let chromium: ChromiumSession
let alice: BrowserContext
let bob: BrowserContext

beforeAll(async () => {
  ;[server, chromium] = await Promise.all([startServer('websocket-chat'), launchChromium()])
  ;[alice, bob] = await Promise.all([newUser(chromium), newUser(chromium)])
})

afterAll(async () => {
  await chromium?.close()
  await server?.stop()
})

describe('websocket-chat (baseline)', () => {
  let a: Page
  let b: Page

  it('sends, receives, reacts and shows presence across pages', async () => {
    a = await openChat(alice, server.url, 'Alice', 'general')
    b = await openChat(bob, server.url, 'Bob', 'general')
    await b.locator('[data-testid=member][data-name=Alice]').waitFor()
    await send(a, 'over the socket')
    await confirmed(b, 'over the socket').waitFor()
    const id = await confirmed(b, 'over the socket').getAttribute('data-id')
    await b.locator(`[data-id="${id}"] [data-testid=react][data-emoji="❤️"]`).dispatchEvent('click')
    await a.locator(`[data-id="${id}"] [data-testid=reaction][data-emoji="❤️"][data-count="1"]`).waitFor()
    await b.fill('[data-testid=composer]', 'typ')
    await a.locator('[data-testid=typing]', { hasText: 'Bob is typing' }).waitFor()
  })

  it('keeps receiving frames while hidden (what Reality avoids)', async () => {
    const frames: string[] = []
    const cdp = await bob.newCDPSession(b)
    await cdp.send('Network.enable')
    cdp.on('Network.webSocketFrameReceived', (event) => frames.push(event.response.payloadData))
    await setHidden(b, true)
    await send(a, 'hidden but pushed')
    await waitFor(() => frames.some((frame) => frame.includes('hidden but pushed')), {
      message: 'the hidden page to receive the frame',
    })
    await setHidden(b, false)
  })

  it('a closed tab leaves when its socket closes', async () => {
    await b.close({ runBeforeUnload: true })
    await a.locator('[data-testid=member][data-name=Bob]').waitFor({ state: 'detached', timeout: 5000 })
  })
})
