import { PG_URL } from '@reality-internal/test-utils'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ChatService } from '../chat-service'
import { RoomLog } from '../room-log'
import { PostgresChatStore } from './postgres-store'

// A real PostgreSQL (the local `test` database); tables get a prefix unique to this run.
const pool = new pg.Pool({ connectionString: PG_URL, max: 2 })
// An idle connection that breaks must not become an uncaught exception that fails the run.
pool.on('error', () => {})
const prefix = `chat_test_${process.pid}_${Date.now().toString(36)}`
const store = new PostgresChatStore(pool, { prefix })
const actor = { id: 'u-a', name: 'A' }

beforeAll(async () => {
  await store.ensureSchema()
  await store.ensureSchema() // idempotent
})

afterAll(async () => {
  await pool.query(`DROP TABLE IF EXISTS ${prefix}_events, ${prefix}_snapshots`)
  await pool.end()
})

describe('PostgresChatStore', () => {
  it('keeps the log and checkpoints: a restarted server opens the room from its latest checkpoint and tail', async () => {
    const chat = await ChatService.create({
      store,
      snapshotEvery: 10,
      checkpointEvery: 20,
      welcome: false,
      moderation: { rateLimit: { burst: 1000, perSecond: 1000 } },
    })
    const commands = Array.from({ length: 25 }, (_, i) => ({
      type: 'message.sent' as const,
      id: `m${i}`,
      text: `it's "quoted" ünïcödé ${i}`,
      hlc: { wall: 1, count: i, node: 'n' },
    }))
    await chat.execute('general', actor, commands)
    await chat.execute('general', actor, [{ type: 'reaction.added', id: 'm3', emoji: '🎉', tag: 't' }])

    const stored = await store.load('general')
    expect(stored.snapshot?.seq).toBe(20)
    expect(stored.events.map((event) => event.seq)).toEqual([21, 22, 23, 24, 25, 26])

    const reopened = await RoomLog.open('general', {
      store,
      snapshotEvery: 10,
      checkpointEvery: 20,
      windowSize: 50,
      now: Date.now,
    })
    expect(reopened.seq).toBe(26)
    expect(reopened.message('m3')?.reactions.get('🎉')?.adds).toEqual(new Map([['t', 'u-a']]))
    expect(reopened.message('m24')?.text).toBe(`it's "quoted" ünïcödé 24`)
    expect(reopened.read()).toEqual(chat.events('general'))
  })

  it('pages the audit trail and refuses a second writer of the same seq', async () => {
    const page = await store.readLog('general', 27, 5)
    expect(page.map((event) => event.seq)).toEqual([22, 23, 24, 25, 26])
    await expect(store.append('general', [page[0]])).rejects.toThrow()
  })
})
