import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EventsResponse } from '@reality-examples/chat-shared/domain'
import type { SyncResponse } from '@rootlodge/reality/types'
import { afterAll, describe, expect, it } from 'vitest'
import { startChatServer } from './chat-server'
import { storeFromEnv } from './store-from-env'
import { TestClient } from './test-client'

// CHAT_STORE=postgres against the local PostgreSQL, tables under a prefix unique to this run.
const env = { CHAT_STORE: 'postgres', CHAT_PG_PREFIX: `chat_srv_${process.pid}_${Date.now().toString(36)}` }
const staticDir = mkdtempSync(join(tmpdir(), 'chat-static-'))

afterAll(async () => {
  const { default: pg } = await import('pg')
  const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' })
  await pool.query(`DROP TABLE IF EXISTS ${env.CHAT_PG_PREFIX}_events, ${env.CHAT_PG_PREFIX}_snapshots`)
  await pool.end()
})

describe('react-chat server with CHAT_STORE=postgres', () => {
  it('keeps rooms across a restart; the restarted server reports each room head as its hash', async () => {
    const first = await startChatServer({ port: 0, staticDir, store: await storeFromEnv(env) })
    const client = new TestClient(first.url)
    await client.signIn('Pg')
    const { head } = await client.commands('design', [
      { type: 'message.sent', id: 'pg-1', text: 'kept in PostgreSQL', hlc: { wall: 1, count: 0, node: 'n' } },
    ])
    await first.close()

    const second = await startChatServer({ port: 0, staticDir, store: await storeFromEnv(env) })
    try {
      const join = (await (await fetch(`${second.url}/api/rooms/design/events`)).json()) as EventsResponse
      expect(join.head).toBe(head)
      expect(join.events.map((event) => event.id)).toContain('pg-1')
      const sync = await fetch(`${second.url}/reality/sync`, {
        method: 'POST',
        body: JSON.stringify({ known: { 'chat:room:design': 0, 'chat:room:general': 0 } }),
      })
      const { changed } = (await sync.json()) as SyncResponse
      expect(changed['chat:room:design'].hash).toBe(String(head))
      expect(changed['chat:room:general'].hash).toBe('3') // the welcome messages, posted once, not again
    } finally {
      await second.close()
    }
  })
})
