import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Outbox } from '@reality-examples/chat-shared/client'
import {
  type Command,
  type CommandsResponse,
  type EventsResponse,
  PRESENCE_HEADER,
  type PresenceResponse,
} from '@reality-examples/chat-shared/domain'
import type { SyncResponse } from '@rootlodge/reality/types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningChatServer, startChatServer } from './chat-server'
import { TestClient } from './test-client'

let server: RunningChatServer
let alice: TestClient

beforeAll(async () => {
  server = await startChatServer({ port: 0, staticDir: mkdtempSync(join(tmpdir(), 'chat-static-')) })
  alice = new TestClient(server.url)
  await alice.signIn('Alice')
})
afterAll(() => server?.close())

const post = (path: string, body: unknown, headers: Record<string, string> = {}) => alice.post(path, body, headers)
const get = <T>(path: string): Promise<T> => alice.json<T>(path)
const sync = async (known: Record<string, number>, headers: Record<string, string> = {}) =>
  (await (await post('/reality/sync', { known }, headers)).json()) as SyncResponse
const heartbeat = (tab: string, room: string) => ({
  [PRESENCE_HEADER]: encodeURIComponent(JSON.stringify({ tab, room })),
})

describe('react-chat server over HTTP', () => {
  it('a write bumps the room key: the sync reports the new head as hash, the tail holds only new events', async () => {
    const before = await sync({ 'chat:room:design': 0 })
    const version = before.changed['chat:room:design']?.version ?? 0
    const command: Command = { type: 'message.sent', id: 'm-http-1', text: 'hi', hlc: { wall: 1, count: 0, node: 't' } }
    const reply = (await (await post('/api/rooms/design/commands', { commands: [command] })).json()) as CommandsResponse
    expect(reply.results).toEqual([{ ok: true, seq: reply.head }])
    const after = await sync({ 'chat:room:design': version })
    expect(after.changed['chat:room:design'].hash).toBe(String(reply.head))
    const tail = await get<EventsResponse>(`/api/rooms/design/events?after=${reply.head - 1}`)
    expect(tail.snapshot).toBeUndefined()
    expect(tail.events.map((event) => event.id)).toEqual(['m-http-1'])
  })

  it('presence rides on the sync request header; a beacon removes the tab at once', async () => {
    const known = { 'chat:room:random:presence': 0 }
    const first = await sync(known, heartbeat('tab-1', 'random'))
    expect(first.changed['chat:room:random:presence']).toBeDefined()
    expect((await get<PresenceResponse>('/api/rooms/random/presence')).members).toEqual([
      { id: alice.user?.id, name: 'Alice', status: 'active' },
    ])
    const version = first.changed['chat:room:random:presence'].version
    expect((await sync({ 'chat:room:random:presence': version }, heartbeat('tab-1', 'random'))).changed).toEqual({})
    const beacon = await post('/api/presence', { tab: 'tab-1', status: 'gone' })
    expect(beacon.status).toBe(204)
    expect((await sync({ 'chat:room:random:presence': version })).changed['chat:room:random:presence']).toBeDefined()
    expect((await get<PresenceResponse>('/api/rooms/random/presence')).members).toEqual([])
  })

  it('answers bad requests with JSON errors', async () => {
    expect((await post('/api/rooms/design/commands', { commands: [] })).status).toBe(400)
    expect((await post('/api/rooms/nowhere/commands', { commands: [] })).status).toBe(404)
    const wrong = await fetch(`${server.url}/api/rooms/design/commands`)
    expect(wrong.status).toBe(405)
    expect(wrong.headers.get('allow')).toBe('POST')
    expect((await post('/api/presence', { tab: 1 })).status).toBe(400)
  })

  it('the outbox delivers in order through the real API and keeps refused commands apart', async () => {
    const outbox = new Outbox({
      deliver: async (room, commands) =>
        ((await (await post(`/api/rooms/${room}/commands`, { commands })).json()) as CommandsResponse).results,
    })
    const texts = ['one', 'two', 'forbidden three', 'four']
    for (const [i, text] of texts.entries()) {
      outbox.enqueue('engineering', {
        type: 'message.sent',
        id: `ob-${i}`,
        text,
        hlc: { wall: 1, count: i, node: 'ob' },
      })
    }
    await outbox.flush()
    await expect
      .poll(() => outbox.getSnapshot().every((item) => item.status === 'sent' || item.status === 'failed'))
      .toBe(true)
    const log = await get<EventsResponse>('/api/rooms/engineering/events?after=0')
    const sent = log.events
      .filter((event) => event.id.startsWith('ob-'))
      .map((event) => event.type === 'message.sent' && event.text)
    expect(sent).toEqual(['one', 'two', 'four'])
    expect(outbox.getSnapshot().find((item) => item.status === 'failed')?.error).toContain('forbidden')
  })
})
