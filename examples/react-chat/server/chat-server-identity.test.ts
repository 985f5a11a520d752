import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type LogResponse,
  type OlderResponse,
  PRESENCE_HEADER,
  type PresenceResponse,
} from '@reality-examples/chat-shared/domain'
import { MAX_CLOCK_SKEW_MS } from '@reality-examples/chat-shared/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningChatServer, startChatServer } from './chat-server'
import { stampNow, TestClient } from './test-client'

/*
 * The chat must not trust the client: each test performs an attack over HTTP against the real
 * server and checks that it fails. Who writes is the session cookie's user, never the body.
 */

let server: RunningChatServer
let alice: TestClient
let mallory: TestClient

beforeAll(async () => {
  server = await startChatServer({ port: 0, staticDir: mkdtempSync(join(tmpdir(), 'chat-static-')) })
  alice = new TestClient(server.url)
  mallory = new TestClient(server.url)
  await alice.signIn('Alice')
  await mallory.signIn('Mallory')
})
afterAll(() => server?.close())

/** A message in its current state, and every logged event about it. */
const messageIn = async (room: string, id: string) => {
  const { messages } = await alice.json<OlderResponse>(`/api/rooms/${room}/messages?before=100000&limit=200`)
  const { events } = await alice.json<LogResponse>(`/api/rooms/${room}/log?limit=500`)
  return { message: messages.find((message) => message.id === id), events: events.filter((event) => event.id === id) }
}

/** Mallory edits message `id` to `text`, then deletes it, with `claim` (a forged actor) in each body: both results. */
const malloryEditsAndDeletes = async (room: string, id: string, text: string, claim: Record<string, unknown>) => {
  const edit = await mallory.commands(room, [{ type: 'message.edited', id, text, hlc: stampNow('m', 1) }], claim)
  const remove = await mallory.commands(room, [{ type: 'message.deleted', id, hlc: stampNow('m', 2) }], claim)
  return [edit.results[0], remove.results[0]]
}

describe('identity comes from the signed session cookie', () => {
  it('sign-in issues an HttpOnly, SameSite=Lax signed cookie; the server picks the id', async () => {
    const client = new TestClient(server.url)
    const response = await client.signIn('Alice')
    expect(response.headers.get('set-cookie')).toMatch(
      /^chat_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/,
    )
    expect(client.user?.id).toMatch(/^u-[0-9a-f-]{36}$/)
    expect(client.user?.id).not.toBe(alice.user?.id) // the same display name is another user
    expect((await client.json<{ user: unknown }>('/api/session')).user).toEqual(client.user)
  })

  it('a write without a session, or with a tampered cookie, is 401', async () => {
    const anonymous = new TestClient(server.url)
    const command = { type: 'message.sent', id: 'anon-1', text: 'hi', hlc: stampNow() }
    expect((await anonymous.post('/api/rooms/general/commands', { commands: [command] })).status).toBe(401)
    const [payload, signature] = alice.cookie.slice('chat_session='.length).split('.')
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
    const forged = Buffer.from(JSON.stringify({ ...claims, id: 'reality-bot' })).toString('base64url')
    anonymous.cookie = `chat_session=${forged}.${signature}`
    expect((await anonymous.post('/api/rooms/general/commands', { commands: [command] })).status).toBe(401)
    expect((await anonymous.get('/api/session')).status).toBe(401)
  })

  it("a forged actor in the body cannot edit or delete another user's message", async () => {
    await alice.commands('random', [{ type: 'message.sent', id: 'a-1', text: 'by Alice', hlc: stampNow('a') }])
    const [edit, remove] = await malloryEditsAndDeletes('random', 'a-1', 'by Mallory', { actor: alice.user })
    expect(edit).toMatchObject({ ok: false, error: 'not_author' })
    expect(remove).toMatchObject({ ok: false, error: 'not_author' })
    const { message, events } = await messageIn('random', 'a-1')
    expect(events.map((event) => event.type)).toEqual(['message.sent'])
    expect(message).toMatchObject({ text: 'by Alice', deleted: false, author: alice.user })
  })

  it('nobody can edit or delete the welcome message, whatever actor the body claims', async () => {
    const bot = { actor: { id: 'reality-bot', name: 'Reality' } }
    const results = await malloryEditsAndDeletes('general', 'welcome-1', 'pwned', bot)
    expect(results).toMatchObject([{ error: 'not_author' }, { error: 'not_author' }])
    const { message, events } = await messageIn('general', 'welcome-1')
    expect(message).toMatchObject({ deleted: false, edited: false, author: { id: 'reality-bot' } })
    expect(message?.text).toMatch(/^Welcome!/)
    expect(events.map((event) => event.type)).toEqual(['message.sent'])
  })

  it("a forged actor cannot remove another user's reaction; the owner can", async () => {
    await alice.commands('random', [{ type: 'message.sent', id: 'a-2', text: 'react to me', hlc: stampNow('a') }])
    await alice.commands('random', [{ type: 'reaction.added', id: 'a-2', emoji: '🎉', tag: 'alice-tag' }])
    const attack = await mallory.commands(
      'random',
      [{ type: 'reaction.removed', id: 'a-2', emoji: '🎉', tags: ['alice-tag'] }],
      { actor: alice.user },
    )
    expect(attack.results[0]).toMatchObject({ ok: false, error: 'not_author' })
    const unknown = await mallory.commands('random', [
      { type: 'reaction.removed', id: 'a-2', emoji: '🎉', tags: ['never-added'] },
    ])
    expect(unknown.results[0]).toMatchObject({ ok: false, error: 'invalid' })
    const own = await alice.commands('random', [
      { type: 'reaction.removed', id: 'a-2', emoji: '🎉', tags: ['alice-tag'] },
    ])
    expect(own.results[0].ok).toBe(true)
    const { events } = await messageIn('random', 'a-2')
    expect(events.map((event) => `${event.type}:${event.actor.name}`)).toEqual([
      'message.sent:Alice',
      'reaction.added:Alice',
      'reaction.removed:Alice',
    ])
  })

  it('presence lists the session user, not the actor a heartbeat header claims', async () => {
    const claim = { tab: 'mallory-tab', room: 'design', actor: { id: 'admin', name: 'CEO (admin)' } }
    const response = await mallory.post(
      '/reality/sync',
      { known: { 'chat:room:design:presence': 0 } },
      { [PRESENCE_HEADER]: encodeURIComponent(JSON.stringify(claim)) },
    )
    expect(response.status).toBe(200)
    const { members } = await alice.json<PresenceResponse>('/api/rooms/design/presence')
    expect(members).toEqual([{ id: mallory.user?.id, name: 'Mallory', status: 'active' }])
    // Without a session a heartbeat lists nobody.
    await new TestClient(server.url).post(
      '/reality/sync',
      { known: {} },
      { [PRESENCE_HEADER]: encodeURIComponent(JSON.stringify({ ...claim, tab: 'anon-tab' })) },
    )
    expect((await alice.json<PresenceResponse>('/api/rooms/design/presence')).members).toHaveLength(1)
  })

  it("a beacon can only mark the sender's own tabs", async () => {
    const header = { [PRESENCE_HEADER]: encodeURIComponent(JSON.stringify({ tab: 'alice-tab', room: 'engineering' })) }
    await alice.post('/reality/sync', { known: {} }, header)
    expect((await mallory.post('/api/presence', { tab: 'alice-tab', status: 'gone' })).status).toBe(204)
    const { members } = await alice.json<PresenceResponse>('/api/rooms/engineering/presence')
    expect(members).toEqual([{ id: alice.user?.id, name: 'Alice', status: 'active' }])
  })
})

describe('what a writer can do to its own messages is bounded too', () => {
  it('an edit stamped at the end of time is clamped to the server clock + 1 minute, so later edits still win', async () => {
    await mallory.commands('design', [{ type: 'message.sent', id: 'm-freeze', text: 'v1', hlc: stampNow('m') }])
    const sentAt = Date.now()
    const freeze = await mallory.commands('design', [
      {
        type: 'message.edited',
        id: 'm-freeze',
        text: 'frozen?',
        hlc: { wall: Number.MAX_SAFE_INTEGER, count: Number.MAX_SAFE_INTEGER, node: 'm' },
      },
    ])
    expect(freeze.results[0].ok).toBe(true)
    const { events } = await alice.json<LogResponse>('/api/rooms/design/log?limit=500')
    const edit = events.find((event) => event.type === 'message.edited' && event.id === 'm-freeze')
    expect(edit && 'hlc' in edit && edit.hlc.wall).toBeLessThanOrEqual(Date.now() + MAX_CLOCK_SKEW_MS)
    expect(edit && 'hlc' in edit && edit.hlc.wall).toBeGreaterThanOrEqual(sentAt + MAX_CLOCK_SKEW_MS)
    // A client whose clock is just past that bound (or any client a minute later) wins.
    const later = { wall: Date.now() + MAX_CLOCK_SKEW_MS + 1000, count: 0, node: 'm' }
    await mallory.commands('design', [{ type: 'message.edited', id: 'm-freeze', text: 'v2', hlc: later }])
    expect((await messageIn('design', 'm-freeze')).message?.text).toBe('v2')
  })

  it('a deleted message leaves no text behind: not in the audit log, not in tails, not in joins', async () => {
    await alice.commands('engineering', [
      { type: 'message.sent', id: 'secret-1', text: 'the launch code is 0000', hlc: stampNow('a', 1) },
    ])
    const { head } = await alice.commands('engineering', [
      { type: 'message.edited', id: 'secret-1', text: 'the launch code is 1234', hlc: stampNow('a', 2) },
    ])
    await alice.commands('engineering', [{ type: 'message.deleted', id: 'secret-1', hlc: stampNow('a', 3) }])
    const bodies = [
      await (await alice.get('/api/rooms/engineering/log?limit=500')).text(),
      await (await alice.get('/api/rooms/engineering/events')).text(),
      await (await alice.get(`/api/rooms/engineering/events?after=${head - 2}`)).text(),
      await (await alice.get('/api/rooms/engineering/messages?before=100000')).text(),
    ]
    for (const body of bodies) {
      expect(body).toContain('secret-1')
      expect(body).not.toContain('launch code')
    }
  })

  it('text is stored trimmed', async () => {
    const padded = `${' '.repeat(5000)}padded${' '.repeat(4000)}`
    await alice.commands('design', [{ type: 'message.sent', id: 'padded-1', text: padded, hlc: stampNow('a') }])
    const { events } = await alice.json<LogResponse>('/api/rooms/design/log?limit=500')
    expect(events.find((event) => event.id === 'padded-1')).toMatchObject({ text: 'padded' })
  })
})

describe('writes come only from the chat itself', () => {
  const command = { type: 'message.sent', id: 'csrf-1', text: 'sent from evil.example', hlc: stampNow('x') }

  it('a cross-site text/plain post (what a form or a beacon can send) is refused 415', async () => {
    const response = await alice.post('/api/rooms/general/commands', JSON.stringify({ commands: [command] }), {
      'content-type': 'text/plain;charset=UTF-8',
    })
    expect(response.status).toBe(415)
  })

  it('a foreign Origin, or none, is refused 403, for commands, typing, beacons and sign-in', async () => {
    for (const origin of ['https://evil.example', 'null', `http://127.0.0.1:1`]) {
      const headers = { origin }
      expect((await alice.post('/api/rooms/general/commands', { commands: [command] }, headers)).status).toBe(403)
      expect((await alice.post('/api/rooms/general/typing', { typing: true }, headers)).status).toBe(403)
      expect((await alice.post('/api/presence', { tab: 't', status: 'gone' }, headers)).status).toBe(403)
      expect((await alice.post('/api/session', { name: 'Eve' }, headers)).status).toBe(403)
    }
    const noOrigin = await fetch(`${server.url}/api/rooms/general/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: alice.cookie },
      body: JSON.stringify({ commands: [command] }),
    })
    expect(noOrigin.status).toBe(403)
    const { events } = await alice.json<LogResponse>('/api/rooms/general/log?limit=500')
    expect(events.some((event) => event.id === 'csrf-1')).toBe(false)
  })
})
