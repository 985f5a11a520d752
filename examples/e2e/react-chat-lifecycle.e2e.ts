import { writeFileSync } from 'node:fs'
import type { Command, CommandsResponse, EventsResponse } from '@reality-examples/chat-shared/domain'
import { waitFor } from '@reality-internal/test-utils'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  apiUser,
  beaconSent,
  type ChatServerProcess,
  type ChromiumSession,
  confirmed,
  countSyncs,
  launchChromium,
  newUser,
  openChat,
  outputPath,
  send,
  setHidden,
  startServer,
} from './harness'

let server: ChatServerProcess
let chromium: ChromiumSession
let alice: BrowserContext
let bob: BrowserContext
let carol: BrowserContext
const figures: Record<string, number> = {}

beforeAll(async () => {
  ;[server, chromium] = await Promise.all([startServer('react-chat'), launchChromium()])
  ;[alice, bob, carol] = await Promise.all([newUser(chromium), newUser(chromium), newUser(chromium)])
})

afterAll(async () => {
  writeFileSync(outputPath('react-chat-lifecycle.json'), JSON.stringify(figures, null, 2))
  await chromium?.close()
  await server?.stop()
})

const member = (page: Page, name: string, status?: 'active' | 'away') =>
  page.locator(`[data-testid=member][data-name="${name}"]${status ? `[data-status=${status}]` : ''}`)

/** Resolves with the ms it took `locator` to reach `state`. */
const timeUntil = async (wait: () => Promise<void>): Promise<number> => {
  const start = Date.now()
  await wait()
  return Date.now() - start
}

describe('react-chat: presence, typing, visibility, snapshots', () => {
  it('presence: join, away while hidden, leave on close (< 2 s), crashed tab dropped within the stated bound', async () => {
    const a = await openChat(alice, server.url, 'Alice', 'design')
    const b = await openChat(bob, server.url, 'Bob', 'design')
    await member(a, 'Bob', 'active').waitFor()
    await member(b, 'Alice', 'active').waitFor()
    await a.locator('[data-testid=toast]', { hasText: 'Bob joined' }).waitFor()

    await setHidden(b, true)
    await member(a, 'Bob', 'away').waitFor()
    await setHidden(b, false)
    await member(a, 'Bob', 'active').waitFor()

    // A closed tab says goodbye on pagehide (sendBeacon): gone within 2 s.
    const closedAt = Date.now()
    await b.close({ runBeforeUnload: true })
    await member(a, 'Bob').waitFor({ state: 'detached', timeout: 2000 })
    figures.leaveMs = Date.now() - closedAt
    await a.locator('[data-testid=toast]', { hasText: 'Bob left' }).waitFor()

    // A crashed tab sends nothing: it is dropped when its heartbeats stop (6 s TTL + one sync + one fetch).
    const c = await openChat(carol, server.url, 'Carol', 'design')
    await member(a, 'Carol', 'active').waitFor()
    const cdp = await carol.newCDPSession(c)
    const crashedAt = Date.now()
    // The renderer dies mid-call: that call never answers, so it is not awaited.
    cdp.send('Page.crash').catch(() => {})
    await member(a, 'Carol').waitFor({ state: 'detached', timeout: 15_000 })
    figures.crashGoneMs = Date.now() - crashedAt
    console.log(`presence: closed tab gone after ${figures.leaveMs} ms, crashed tab after ${figures.crashGoneMs} ms`)
    await a.close()
  })

  it('typing indicators show up elsewhere and expire by themselves', async () => {
    const a = await openChat(alice, server.url, 'Alice', 'engineering')
    const b = await openChat(bob, server.url, 'Bob', 'engineering')
    await a.fill('[data-testid=composer]', 'half a thou')
    await b.locator('[data-testid=typing]', { hasText: 'Alice is typing' }).waitFor()
    // Alice stops typing but leaves the text: nobody sends "stopped", the entry expires (4 s TTL).
    figures.typingExpiresMs = await timeUntil(() =>
      b.locator('[data-testid=typing]', { hasText: 'Alice is typing' }).waitFor({ state: 'detached', timeout: 10_000 }),
    )
    await a.fill('[data-testid=composer]', 'typing again')
    await b.locator('[data-testid=typing]', { hasText: 'Alice is typing' }).waitFor()
    await a.press('[data-testid=composer]', 'Enter')
    await confirmed(b, 'typing again').waitFor()
    await b
      .locator('[data-testid=typing]', { hasText: 'Alice is typing' })
      .waitFor({ state: 'detached', timeout: 3000 })
    await Promise.all([a.close(), b.close()])
  })

  it('a hidden tab makes zero requests, then catches up the moment it is visible again', async () => {
    const a = await openChat(alice, server.url, 'Alice', 'general')
    const b = await openChat(bob, server.url, 'Bob', 'general')
    let requests = 0
    let hidden = false
    b.on('request', (request) => {
      requests++
      if (hidden) console.log('request while hidden:', request.method(), request.url())
    })
    // Visible: freshness syncs keep coming without anyone touching the page.
    await b.waitForRequest((request) => new URL(request.url()).pathname === '/reality/sync')
    expect(requests).toBeGreaterThan(0)
    const away = beaconSent(b, 'away')
    await setHidden(b, true)
    await away // the last request of a hiding tab
    hidden = true
    requests = 0
    for (const text of ['while hidden 1', 'while hidden 2']) await send(a, text)
    await confirmed(a, 'while hidden 2').waitFor()
    // The clock is the visible page: while it makes four freshness syncs (the same client settings), the hidden one
    // would have made as many had it not stopped.
    const witness = countSyncs(a)
    await waitFor(() => witness.count() >= 4, { timeout: 15_000, message: 'four syncs of the visible page' })
    figures.hiddenRequests = requests
    expect(requests).toBe(0)
    const shownAt = Date.now()
    hidden = false
    await setHidden(b, false)
    await confirmed(b, 'while hidden 2').waitFor({ timeout: 5000 })
    figures.catchUpMs = Date.now() - shownAt
    expect(requests).toBeGreaterThan(0)
    await Promise.all([a.close(), b.close()])
  })

  it('a reload loads the latest snapshot plus the events after it; later only unseen events', async () => {
    // 120 more events in #engineering through the API (snapshots every 50 events), from six
    // signed-in writers so the per-user message limit (20 at once) lets every one through.
    for (let batch = 0; batch < 6; batch++) {
      const loader = await apiUser(server.url, `Loader ${batch}`)
      const commands: Command[] = Array.from({ length: 20 }, (_, i) => ({
        type: 'message.sent',
        id: `load-${batch}-${i}`,
        text: `history ${batch * 20 + i}`,
        hlc: { wall: Date.now(), count: i, node: 'loader' },
      }))
      const response = await loader.post('/api/rooms/engineering/commands', { commands })
      const body = (await response.json()) as CommandsResponse
      expect(body.results.every((result) => result.ok)).toBe(true)
    }
    const head = ((await (await fetch(`${server.url}/api/rooms/engineering/events?after=0`)).json()) as EventsResponse)
      .head
    const snapshotSeq = Math.floor(head / 50) * 50

    const page = await alice.newPage()
    const joined = page.waitForResponse((r) => r.url().includes('/api/rooms/engineering/events'))
    await page.goto(`${server.url}/?name=Alice#/engineering`)
    const first = (await (await joined).json()) as EventsResponse
    expect(first.snapshot?.seq).toBe(snapshotSeq)
    expect(first.events.length).toBe(head - snapshotSeq)
    expect(first.snapshot?.messages.length).toBe(50) // the window, not all of history
    await page.locator(`[data-testid=load-info][data-kind=join][data-snapshot="${snapshotSeq}"]`).waitFor()

    const reloaded = page.waitForResponse((r) => r.url().includes('/api/rooms/engineering/events'))
    await page.reload()
    const second = (await (await reloaded).json()) as EventsResponse
    expect(second.snapshot?.seq).toBe(snapshotSeq)
    expect(second.events.map((event) => event.seq)).toEqual(
      Array.from({ length: head - snapshotSeq }, (_, i) => snapshotSeq + i + 1),
    )
    figures.reloadEvents = second.events.length
    figures.reloadSnapshotSeq = snapshotSeq
    figures.reloadHead = head
    await page.locator('.app[data-loaded=true]').waitFor()
    // Older messages page in on demand, in their current state.
    const shown = await page.locator('[data-testid=message]').count()
    await page.locator('[data-testid=load-older]').click()
    await expect.poll(() => page.locator('[data-testid=message]').count()).toBe(shown + 50)

    const tail = page.waitForResponse((r) => r.url().includes(`/api/rooms/engineering/events?after=${head}`))
    const b = await openChat(bob, server.url, 'Bob', 'engineering')
    await send(b, 'one more')
    const unseen = (await (await tail).json()) as EventsResponse
    expect(unseen.snapshot).toBeUndefined()
    expect(unseen.events.map((event) => event.type)).toEqual(['message.sent'])
    await confirmed(page, 'one more').waitFor()
    await Promise.all([page.close(), b.close()])
  })

  it('three pages side by side (screenshot)', async () => {
    const pages = [
      await openChat(alice, server.url, 'Alice', 'random'),
      await openChat(bob, server.url, 'Bob', 'random'),
      await openChat(carol, server.url, 'Carol', 'random'),
    ]
    await send(pages[0], 'Three tabs, no sockets 👋')
    await confirmed(pages[2], 'Three tabs, no sockets 👋').waitFor()
    await send(pages[1], 'Each one only asks "what changed?" — and fetches just that.')
    await confirmed(pages[0], 'Each one only asks "what changed?" — and fetches just that.').waitFor()
    const id = await confirmed(pages[0], 'Three tabs, no sockets 👋').getAttribute('data-id')
    await pages[2].locator(`[data-id="${id}"] [data-testid=react][data-emoji="🎉"]`).dispatchEvent('click')
    await pages[2].fill('[data-testid=composer]', 'typing…')
    for (const page of pages) await page.locator(`[data-id="${id}"] [data-testid=reaction]`).waitFor()
    await pages[0].locator('[data-testid=typing]', { hasText: 'Carol is typing' }).waitFor()
    const shots = await Promise.all(pages.map((page) => page.screenshot()))
    const canvas = await alice.newPage()
    await canvas.setViewportSize({ width: 3 * 1000 + 40, height: 720 })
    await canvas.setContent(
      `<body style="margin:0;background:#0f1020;display:flex;gap:10px;padding:20px 10px">${shots
        .map(
          (shot) =>
            `<img style="width:1000px;border-radius:8px" src="data:image/png;base64,${shot.toString('base64')}">`,
        )
        .join('')}</body>`,
    )
    const path = outputPath('react-chat-three-tabs.png')
    await canvas.screenshot({ path, fullPage: true })
    console.log(`screenshot: ${path}`)
  })
})
