import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

/*
 * Real things only: the built server started the way `npm start` starts it (a child process
 * on a free port), Debian's Chromium driven by playwright-core, real HTTP between them.
 */

export const OUTPUT_DIR = fileURLToPath(new URL('../../test-output/', import.meta.url))

export interface ChatServerProcess {
  url: string
  stop(): Promise<void>
}

/** Starts `dist-server/main.js` of an example on a free port and waits for its URL line. */
export const startServer = (
  example: 'react-chat' | 'websocket-chat',
  env: Record<string, string> = {},
): Promise<ChatServerProcess> => {
  const entry = fileURLToPath(new URL(`../${example}/dist-server/main.js`, import.meta.url))
  const child: ChildProcess = spawn(process.execPath, [entry], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${example} did not start:\n${output}`)), 20_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1]
      if (!url) return
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      child.stdout?.resume()
      resolve({
        url,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done()
            child.once('exit', () => done())
            child.kill('SIGTERM')
          }),
      })
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.once('exit', (code) => reject(new Error(`${example} exited with ${code}:\n${output}`)))
  })
}

export interface ChromiumSession {
  browser: Browser
  close(): Promise<void>
}

/**
 * Debian's Chromium, headless, with no background traffic of its own. Playwright gives each
 * launch a fresh empty profile (`--user-data-dir` in a new temporary folder) and removes it.
 */
export const launchChromium = async (): Promise<ChromiumSession> => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  return {
    browser,
    close: () => browser.close(),
  }
}

/*
 * Headless Chromium keeps every page "visible" (there is no window to hide). Pages get the
 * Page Visibility API a real tab switch drives: `__setHidden(true)` flips
 * `document.visibilityState` and fires `visibilitychange`, which is all the app and the
 * Reality client listen to.
 */
const VISIBILITY_SHIM = `(() => {
  let hidden = false
  Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') })
  Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden })
  window.__setHidden = (value) => { hidden = value; document.dispatchEvent(new Event('visibilitychange')) }
})()`

/** A user: their own browser context (own storage, own network switch). */
export const newUser = async (session: ChromiumSession): Promise<BrowserContext> => {
  const context = await session.browser.newContext({ viewport: { width: 1000, height: 680 } })
  await context.addInitScript(VISIBILITY_SHIM)
  return context
}

/**
 * Opens the chat as `name` in `room` and waits until the room is loaded. A context that is not
 * signed in yet meets the sign-in screen (`?name=` fills it in) and signs in the way a person does.
 */
export const openChat = async (context: BrowserContext, url: string, name: string, room: string): Promise<Page> => {
  const page = await context.newPage()
  page.on('pageerror', (error) => console.error(`[${name}] page error:`, error.message))
  await page.goto(`${url}/?name=${encodeURIComponent(name)}#/${room}`)
  const app = page.locator(`.app[data-room="${room}"][data-loaded=true]`)
  const signIn = page.locator('[data-testid=signin]')
  await app.or(signIn).first().waitFor()
  if (await signIn.isVisible()) {
    await page.fill('[data-testid=signin-name]', name)
    await page.click('[data-testid=signin-submit]')
  }
  await app.waitFor()
  await page.locator('[data-testid=sync-status][data-status=synced]').waitFor()
  return page
}

/** A user signed in over the API, as a script would be: `post` sends their cookie and the site's Origin. */
export const apiUser = async (url: string, name: string) => {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ name }),
  })
  if (!response.ok) throw new Error(`sign-in of ${name} failed: ${response.status}`)
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]
  return {
    post: (path: string, body: unknown) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url, cookie },
        body: JSON.stringify(body),
      }),
  }
}

export const setHidden = (page: Page, hidden: boolean): Promise<void> =>
  page.evaluate((value) => (window as unknown as { __setHidden(v: boolean): void }).__setHidden(value), hidden)

export const send = async (page: Page, text: string): Promise<void> => {
  await page.fill('[data-testid=composer]', text)
  await page.press('[data-testid=composer]', 'Enter')
}

/** The confirmed (not pending) message with exactly this text. */
export const confirmed = (page: Page, text: string) =>
  page.locator('[data-testid=message][data-pending=false]', {
    has: page.locator('[data-testid=message-text]', { hasText: new RegExp(`^${escapeRegExp(text)}$`) }),
  })

export const messageById = (page: Page, id: string) => page.locator(`[data-testid=message][data-id="${id}"]`)

export const texts = (page: Page): Promise<string[]> => page.locator('[data-testid=message-text]').allTextContents()

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export const outputPath = (name: string): string => {
  mkdirSync(OUTPUT_DIR, { recursive: true })
  return join(OUTPUT_DIR, name)
}

/** Waits for the next `POST /api/presence` beacon of `page` carrying `status` (start waiting before the trigger). */
export const beaconSent = (page: Page, status: 'away' | 'gone') =>
  page.waitForRequest(
    (request) =>
      request.method() === 'POST' &&
      new URL(request.url()).pathname === '/api/presence' &&
      (request.postData() ?? '').includes(`"${status}"`),
  )

/** Counts the Reality sync requests `page` sends from now on. */
export const countSyncs = (page: Page): { count(): number } => {
  let count = 0
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/reality/sync') count++
  })
  return { count: () => count }
}
