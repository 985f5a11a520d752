import { describe, expect, it } from 'vitest'
import type { Command } from '../domain'
import { type ChatChange, ChatService } from './chat-service'
import { MemoryChatStore } from './store/memory-store'

const alice = { id: 'u-alice', name: 'Alice' }
const bob = { id: 'u-bob', name: 'Bob' }
const hlc = (wall: number, node = 'tab') => ({ wall, count: 0, node })

const create = async () => {
  let now = 1_000_000
  const changes: ChatChange[] = []
  const chat = await ChatService.create({
    store: new MemoryChatStore(),
    welcome: false,
    moderation: { rateLimit: { burst: 3, perSecond: 1 } },
    now: () => now,
    onChange: (batch) => {
      changes.push(...batch)
    },
  })
  return { chat, changes, advance: (ms: number) => (now += ms) }
}

const send = (id: string, text = id): Command => ({ type: 'message.sent', id, text, hlc: hlc(1) })

describe('ChatService', () => {
  it('refuses blocked words, empty and oversized text, and edits by others; accepts the rest in order', async () => {
    const { chat, changes } = await create()
    const { results, head } = await chat.execute('general', alice, [
      send('m1', 'hello'),
      send('m2', 'this is forbidden'),
      send('m3', '   '),
      send('m4', 'x'.repeat(2001)),
    ])
    expect(results.map((r) => (r.ok ? 'ok' : r.error))).toEqual(['ok', 'blocked', 'empty', 'too_long'])
    expect(head).toBe(1)
    const edit = await chat.execute('general', bob, [
      { type: 'message.edited', id: 'm1', text: 'mine now', hlc: hlc(2) },
    ])
    expect(edit.results[0]).toMatchObject({ ok: false, error: 'not_author' })
    expect(changes).toEqual([{ room: 'general', what: 'log', hash: '1' }])
  })

  it('re-sent commands are accepted once: retries and offline flushes never duplicate', async () => {
    const { chat } = await create()
    await chat.execute('general', alice, [send('m1'), { type: 'reaction.added', id: 'm1', emoji: '👍', tag: 't1' }])
    const again = await chat.execute('general', alice, [
      send('m1'),
      { type: 'reaction.added', id: 'm1', emoji: '👍', tag: 't1' },
    ])
    expect(again.results).toEqual([
      { ok: true, seq: 1 },
      { ok: true, seq: 2 },
    ])
    expect(chat.head('general')).toBe(2)
  })

  it('rate limits new messages per user and room, and says when to retry', async () => {
    const { chat, advance } = await create()
    const { results } = await chat.execute(
      'general',
      alice,
      ['a', 'b', 'c', 'd'].map((id) => send(id)),
    )
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false])
    expect(results[3]).toMatchObject({ error: 'rate_limited', retryAfterMs: 1000 })
    expect((await chat.execute('general', bob, [send('e')])).results[0].ok).toBe(true)
    advance(1000)
    expect((await chat.execute('general', alice, [send('d')])).results[0].ok).toBe(true)
  })

  it('presence: heartbeats join, beacons mark away or gone, silent tabs expire after the TTL', async () => {
    const { chat, changes, advance } = await create()
    await chat.heartbeat({ tab: 't1', actor: alice, room: 'general' })
    await chat.heartbeat({ tab: 't2', actor: bob, room: 'general' })
    expect(chat.presence('general').members.map((m) => m.name)).toEqual(['Alice', 'Bob'])
    await chat.beacon(alice.id, { tab: 't2', status: 'gone' }) // another user's tab: nothing
    await chat.beacon(bob.id, { tab: 't2', status: 'away' })
    expect(chat.presence('general').members[1]).toMatchObject({ name: 'Bob', status: 'away' })
    await chat.beacon(bob.id, { tab: 't2', status: 'gone' })
    expect(chat.presence('general').members.map((m) => m.name)).toEqual(['Alice'])
    const before = changes.length
    advance(6001)
    await chat.sweep()
    expect(chat.presence('general').members).toEqual([])
    expect(changes.slice(before)).toMatchObject([{ room: 'general', what: 'presence' }])
  })

  it('typing expires by itself and stops when the message is sent', async () => {
    const { chat, advance } = await create()
    await chat.setTyping('general', alice, true)
    expect(chat.typing('general').typing).toEqual([{ id: 'u-alice', name: 'Alice', expiresInMs: 4000 }])
    advance(4001)
    await chat.sweep()
    expect(chat.typing('general').typing).toEqual([])
    await chat.setTyping('general', alice, true)
    await chat.execute('general', alice, [send('m1')])
    expect(chat.typing('general').typing).toEqual([])
  })
})
