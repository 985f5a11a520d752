import { cursorKeys, decodeSSECursor } from '@rootlodge/reality/types'
import { EventSource as PackageEventSource } from 'eventsource'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startNginx } from '../cluster/harness/nginx'
import { freePort } from '../cluster/harness/ports'
import { pgTable, type SSEApp, startSSEApp } from './sse-app'

/*
 * handleSSECompat against real EventSource implementations: the `eventsource` npm package and Chromium's own,
 * each reconnecting by itself after every finished response. 100 updates (10 rounds of 10 keys) must arrive
 * exactly once and in order, with no response open for a second, across a server restart (the cursor is made of
 * storage versions: only the PostgreSQL table survives the restart) and behind nginx with its default buffering.
 */

const KEYS = [...Array.from({ length: 10 }, (_, k) => `feed:${k}`), 'done']
const OPTIONS = { keys: KEYS, heartbeatInterval: 20 }

interface Received {
  type: string
  data: string
  lastEventId: string
}

interface Receiver {
  events(): Promise<Received[]>
  close(): Promise<void>
}

const viaEventsourcePackage = async (url: string): Promise<Receiver> => {
  const received: Received[] = []
  const es = new PackageEventSource(url)
  es.onmessage = (event) => received.push({ type: event.type, data: event.data, lastEventId: event.lastEventId })
  return {
    events: async () => [...received],
    close: async () => es.close(),
  }
}

type PageGlobals = typeof globalThis & { received: Received[]; source: EventSource }

const viaChromium =
  (browser: () => Browser) =>
  async (url: string): Promise<Receiver> => {
    const page = await browser().newPage()
    await page.goto(new URL('/', url).href)
    await page.evaluate((events) => {
      const page = globalThis as PageGlobals
      page.received = []
      page.source = new EventSource(events)
      page.source.onmessage = (event) =>
        page.received.push({ type: event.type, data: event.data, lastEventId: event.lastEventId })
    }, url)
    return {
      events: () => page.evaluate(() => (globalThis as PageGlobals).received),
      close: async () => {
        await page.evaluate(() => (globalThis as PageGlobals).source.close())
        await page.close()
      },
    }
  }

/** `key@version` of an event's metadata. */
const label = (event: Received): string => {
  const meta = JSON.parse(event.data) as { key: string; version: number }
  return `${meta.key}@${meta.version}`
}

const deliverHundred = async (
  open: (url: string) => Promise<Receiver>,
  { restart = false, nginx = false }: { restart?: boolean; nginx?: boolean },
): Promise<void> => {
  const table = pgTable()
  const durations: number[] = []
  let app: SSEApp = await startSSEApp(table.storage(), OPTIONS, await freePort(), durations)
  const front = nginx ? await startNginx([[app.port]]) : undefined
  const receiver = await open(`${front?.urls[0] ?? app.origin}/events`)
  try {
    const expected: string[] = []
    for (let round = 0; round < 10; round++) {
      if (restart && round === 5) {
        await app.stop()
        app = await startSSEApp(table.storage(), OPTIONS, app.port, durations)
      }
      for (let k = 0; k < 10; k++) {
        const meta = await app.server.invalidate(`feed:${k}`)
        expected.push(`feed:${k}@${meta.version}`)
      }
      await vi.waitFor(async () => expect((await receiver.events()).length).toBeGreaterThanOrEqual(expected.length), {
        timeout: 10_000,
        interval: 20,
      })
    }
    // A last update as the sentinel: everything before it has had every chance to arrive twice.
    const done = await app.server.invalidate('done')
    await vi.waitFor(async () => expect((await receiver.events()).at(-1)?.data).toContain('"done"'), {
      timeout: 10_000,
      interval: 20,
    })
    const events = await receiver.events()
    expect(events.map(label)).toEqual([...expected, `done@${done.version}`])
    // Each id is the cursor after its event: it holds the event's version.
    for (const event of events) {
      const meta = JSON.parse(event.data) as { key: string; version: number }
      expect(decodeSSECursor(event.lastEventId, cursorKeys(KEYS))?.get(meta.key)).toBe(meta.version)
    }
    expect(durations.length).toBeGreaterThan(10)
    expect(Math.max(...durations)).toBeLessThan(1000)
  } finally {
    await receiver.close()
    await front?.stop()
    await app.stop()
    await table.drop()
  }
}

describe('SSE compat with the eventsource npm package', () => {
  it('delivers 100 updates exactly once and in order, across a server restart', async () => {
    await deliverHundred(viaEventsourcePackage, { restart: true })
  }, 60_000)

  it('delivers 100 updates exactly once and in order behind nginx with default buffering', async () => {
    await deliverHundred(viaEventsourcePackage, { nginx: true })
  }, 60_000)
})

describe("SSE compat with Chromium's native EventSource", () => {
  let browser: Browser | undefined
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
  })
  afterAll(() => browser?.close())

  it('delivers 100 updates exactly once and in order, across a server restart', async () => {
    await deliverHundred(
      viaChromium(() => browser!),
      { restart: true },
    )
  }, 60_000)

  it('delivers 100 updates exactly once and in order behind nginx with default buffering', async () => {
    await deliverHundred(
      viaChromium(() => browser!),
      { nginx: true },
    )
  }, 60_000)
})
