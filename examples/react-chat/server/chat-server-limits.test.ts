import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type Command,
  type LogResponse,
  type OlderResponse,
  PRESENCE_HEADER,
  type PresenceResponse,
  Reactions,
} from '@reality-examples/chat-shared/domain'
import { MAX_REACTION_TAGS, MAX_TABS_PER_USER, MESSAGE_RATE } from '@reality-examples/chat-shared/server'
import { afterEach, describe, expect, it } from 'vitest'
import { type ChatServerOptions, type RunningChatServer, startChatServer } from './chat-server'
import { IP_SIGN_IN_RATE, IP_WRITE_RATE, MAX_BODY_BYTES, SESSION_WRITE_RATE } from './limits'
import { stampNow, TestClient } from './test-client'
import { NO_WRITE_LIMITS } from './write-limits'

/*
 * Floods and oversized requests, performed for real over HTTP against the real server with
 * the limits it ships with (docs/CHAT.md says why each is what it is).
 */

let server: RunningChatServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})
const start = async (options: ChatServerOptions = {}): Promise<RunningChatServer> => {
  server = await startChatServer({ port: 0, staticDir: mkdtempSync(join(tmpdir(), 'chat-static-')), ...options })
  return server
}
const signedIn = async (url: string, name: string): Promise<TestClient> => {
  const client = new TestClient(url)
  expect((await client.signIn(name)).status).toBe(200)
  return client
}

describe('rate limits: per session and per IP, for every kind of write', () => {
  it('claiming a new actor id on every request buys nothing: one session, one budget, then 429', async () => {
    const { url, limits } = await start()
    const mallory = await signedIn(url, 'Mallory')
    let accepted = 0
    let firstLimited: Response | undefined
    let sent = 0
    while (!firstLimited && sent < 2 * SESSION_WRITE_RATE.burst) {
      const actor = { id: `u-rotating-${sent}`, name: `Rotating ${sent}` }
      const command: Command = { type: 'message.sent', id: `flood-${sent}`, text: 'spam', hlc: stampNow() }
      const response = await mallory.post('/api/rooms/general/commands', { actor, commands: [command] })
      sent++
      if (response.status === 429) firstLimited = response
      else if (((await response.json()) as { results: { ok: boolean }[] }).results[0].ok) accepted++
    }
    // Messages are refused past the per-user message limit, whatever id the body claims...
    expect(accepted).toBeGreaterThanOrEqual(MESSAGE_RATE.burst)
    expect(accepted).toBeLessThan(MESSAGE_RATE.burst + 10)
    // ...and requests past the session's write budget are not even read: 429 + Retry-After.
    expect(firstLimited?.status).toBe(429)
    expect(Number(firstLimited?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(sent).toBeLessThanOrEqual(SESSION_WRITE_RATE.burst + 20)
    const { events } = await mallory.json<LogResponse>('/api/rooms/general/log?limit=500')
    const actors = new Set(events.filter((event) => event.id.startsWith('flood-')).map((event) => event.actor.id))
    expect([...actors]).toEqual([mallory.user?.id])
    expect(limits.bySession.size).toBe(1) // one bucket: the claimed ids never became keys
  })

  it('rotating sessions buys nothing either: sign-ins and writes are limited per IP', async () => {
    const { url, limits } = await start()
    const clients: TestClient[] = []
    let refusedSignIn: Response | undefined
    for (let i = 0; i < IP_SIGN_IN_RATE.burst + 10 && !refusedSignIn; i++) {
      const client = new TestClient(url)
      const response = await client.signIn(`Sock ${i}`)
      if (response.status === 429) refusedSignIn = response
      else clients.push(client)
    }
    expect(refusedSignIn?.headers.get('retry-after')).toBeTruthy()
    expect(clients.length).toBeGreaterThanOrEqual(IP_SIGN_IN_RATE.burst)
    expect(clients.length).toBeLessThan(IP_SIGN_IN_RATE.burst + 5)

    // Every session keeps most of its own budget, yet the IP runs dry: typing signals round-robin.
    const used = new Map<TestClient, number>()
    let limited: { client: TestClient; response: Response } | undefined
    for (let round = 0; !limited && round < SESSION_WRITE_RATE.burst; round++) {
      for (const client of clients) {
        const response = await client.post('/api/rooms/random/typing', { typing: round % 2 === 0 })
        if (response.status === 429) {
          limited = { client, response }
          break
        }
        expect(response.status).toBe(204)
        used.set(client, (used.get(client) ?? 0) + 1)
      }
    }
    const total = [...used.values()].reduce((sum, n) => sum + n, 0)
    expect(limited?.response.headers.get('retry-after')).toBeTruthy()
    expect(used.get(limited?.client as TestClient) ?? 0).toBeLessThan(SESSION_WRITE_RATE.burst / 2)
    expect(total).toBeGreaterThanOrEqual(IP_WRITE_RATE.burst)
    expect(total).toBeLessThan(IP_WRITE_RATE.burst * 2)
    expect(limits.bySession.size).toBeLessThanOrEqual(clients.length)
    expect(limits.byIp.size).toBe(1)
  })

  it('new presence tabs cost write tokens; a user holds at most MAX_TABS_PER_USER tabs', async () => {
    const { url } = await start()
    const mallory = await signedIn(url, 'Mallory')
    const alice = await signedIn(url, 'Alice')
    const heartbeat = (client: TestClient, tab: string) =>
      client.post(
        '/reality/sync',
        { known: {} },
        { [PRESENCE_HEADER]: encodeURIComponent(JSON.stringify({ tab, room: 'design' })) },
      )
    await heartbeat(alice, 'alice-tab')
    const tabs = Array.from({ length: 50 }, (_, i) => `fake-tab-${i}`)
    for (const tab of tabs) expect((await heartbeat(mallory, tab)).status).toBe(200)
    const members = async () => (await alice.json<PresenceResponse>('/api/rooms/design/presence')).members
    expect((await members()).map((member) => member.name)).toEqual(['Alice', 'Mallory'])
    // Only the latest MAX_TABS_PER_USER are kept: closing those leaves Mallory with no tab at all.
    for (const tab of tabs.slice(-MAX_TABS_PER_USER)) {
      expect((await mallory.post('/api/presence', { tab, status: 'gone' })).status).toBe(204)
    }
    expect((await members()).map((member) => member.name)).toEqual(['Alice'])
  })
})

describe('reactions: capped per message, kept in Map/Set', () => {
  it(`a message takes at most ${MAX_REACTION_TAGS} reaction tags; more are refused, the event loop never holds thousands`, async () => {
    const { url, chat } = await start({ writeLimits: NO_WRITE_LIMITS })
    const alice = await signedIn(url, 'Alice')
    const mallory = await signedIn(url, 'Mallory')
    await alice.commands('random', [{ type: 'message.sent', id: 'target', text: 'react', hlc: stampNow() }])
    const add = (i: number): Command => ({ type: 'reaction.added', id: 'target', emoji: '👍', tag: `t-${i}` })
    for (let from = 0; from < MAX_REACTION_TAGS; from += 100) {
      const { results } = await mallory.commands(
        'random',
        Array.from({ length: 100 }, (_, i) => add(from + i)),
      )
      expect(results.every((result) => result.ok)).toBe(true)
    }
    const over = await mallory.commands('random', [add(MAX_REACTION_TAGS), add(0)])
    expect(over.results[0]).toMatchObject({ ok: false, error: 'too_many_reactions' })
    expect(over.results[1].ok).toBe(true) // a re-sent add is still idempotent
    const message = chat.older('random', Number.MAX_SAFE_INTEGER, 200).messages.find((m) => m.id === 'target')
    expect(message?.reactions).toBeInstanceOf(Reactions)
    expect(message?.reactions.get('👍')?.adds).toBeInstanceOf(Map)
    expect(message?.reactions.get('👍')?.removed).toBeInstanceOf(Set)
    expect(message?.reactions.tagCount).toBe(MAX_REACTION_TAGS)
  })

  it('a reaction tag named toString (or __proto__) is kept, shown and removable', async () => {
    const { url } = await start()
    const alice = await signedIn(url, 'Alice')
    await alice.commands('random', [{ type: 'message.sent', id: 'proto', text: 'hi', hlc: stampNow() }])
    const added = await alice.commands('random', [
      { type: 'reaction.added', id: 'proto', emoji: '🎉', tag: 'toString' },
      { type: 'reaction.added', id: 'proto', emoji: '🎉', tag: '__proto__' },
    ])
    expect(added.results.map((result) => result.ok)).toEqual([true, true])
    const current = async () =>
      (await alice.json<OlderResponse>('/api/rooms/random/messages?before=100000')).messages.find(
        (message) => message.id === 'proto',
      )?.reactions as unknown as Record<string, { adds: Record<string, string>; removed: string[] }>
    const before = (await current())['🎉']
    expect(Object.entries(before.adds)).toEqual([
      ['toString', alice.user?.id],
      ['__proto__', alice.user?.id],
    ])
    const removed = await alice.commands('random', [
      { type: 'reaction.removed', id: 'proto', emoji: '🎉', tags: ['toString'] },
    ])
    expect(removed.results[0].ok).toBe(true)
    const after = (await current())['🎉']
    expect(Object.keys(after.adds)).toEqual(['__proto__'])
    expect(after.removed).toEqual(['toString'])
  })
})

describe('malformed requests get an answer, not a reset or a 500', () => {
  it(`a body over ${MAX_BODY_BYTES} bytes is answered 413 (declared length or streamed)`, async () => {
    const { url } = await start()
    const alice = await signedIn(url, 'Alice')
    const big = JSON.stringify({ commands: [], pad: 'x'.repeat(MAX_BODY_BYTES) })
    const declared = await alice.post('/api/rooms/general/commands', big)
    expect(declared.status).toBe(413)
    expect(((await declared.json()) as { error: string }).error).toBe('invalid_request')
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024))
    let sentChunks = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sentChunks++ < 2 * (MAX_BODY_BYTES / chunk.length)) controller.enqueue(chunk)
        else controller.close()
      },
    })
    const streamed = await fetch(`${url}/api/rooms/general/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url, cookie: alice.cookie },
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect(streamed.status).toBe(413)
    // The server is fine afterwards.
    expect((await alice.get('/api/rooms')).status).toBe(200)
  })

  it('a path that is not valid percent-encoding is 400', async () => {
    const { url } = await start()
    const response = await fetch(`${url}/%E0%A4%A`)
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: string }).error).toBe('invalid_request')
  })
})
