import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EventsResponse, LogResponse } from '@reality-examples/chat-shared/domain'
import { PG_URL } from '@reality-internal/test-utils'
import type { SyncResponse } from '@rootlodge/reality/types'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startChatServer } from './chat-server'
import { STORE_RETRY_AFTER_S } from './limits'
import { storeFromEnv } from './store-from-env'
import { TestClient } from './test-client'

// CHAT_STORE=postgres against the local PostgreSQL, tables under a prefix unique to this run.
const env = {
  CHAT_STORE: 'postgres',
  DATABASE_URL: PG_URL,
  CHAT_PG_PREFIX: `chat_srv_${process.pid}_${Date.now().toString(36)}`,
}
const staticDir = mkdtempSync(join(tmpdir(), 'chat-static-'))

afterAll(async () => {
  const pool = new pg.Pool({ connectionString: PG_URL })
  pool.on('error', () => {})
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
        headers: { 'content-type': 'application/json' },
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

describe('react-chat server when PostgreSQL goes away', () => {
  // A role of its own, so the test can refuse its logins and end its connections, like an outage.
  const role = `chat_outage_${process.pid}`
  const prefix = `chat_outage_${process.pid}_${Date.now().toString(36)}`
  let admin: pg.Pool

  beforeAll(async () => {
    admin = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/test', max: 1 })
    await admin.query(`DROP ROLE IF EXISTS ${role}`)
    await admin.query(`CREATE ROLE ${role} LOGIN`)
    await admin.query(`GRANT USAGE, CREATE ON SCHEMA public TO ${role}`)
  })

  afterAll(async () => {
    await admin.query(`ALTER ROLE ${role} LOGIN`)
    await admin.query(`DROP TABLE IF EXISTS ${prefix}_events, ${prefix}_snapshots`)
    await admin.query(`REVOKE ALL ON SCHEMA public FROM ${role}`)
    await admin.query(`DROP ROLE IF EXISTS ${role}`)
    await admin.end()
  })

  const outage = async (down: boolean) => {
    await admin.query(`ALTER ROLE ${role} ${down ? 'NOLOGIN' : 'LOGIN'}`)
    if (down) await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [role])
  }

  it('survives pg_terminate_backend: 503 + Retry-After while the database is away, then recovers', async () => {
    const store = await storeFromEnv({
      CHAT_STORE: 'postgres',
      CHAT_PG_PREFIX: prefix,
      DATABASE_URL: `postgres://${role}@127.0.0.1:5432/test`,
    })
    const server = await startChatServer({ port: 0, staticDir, store })
    try {
      const client = new TestClient(server.url)
      await client.signIn('Pg')
      const send = (id: string) =>
        client.post('/api/rooms/random/commands', {
          commands: [{ type: 'message.sent', id, text: id, hlc: { wall: Date.now(), count: 0, node: 'n' } }],
        })
      expect((await send('before-outage')).status).toBe(200)
      const { rows } = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1', [role])
      expect(rows[0].n).toBeGreaterThan(0) // there are connections to cut

      await outage(true)
      const during = await send('during-outage')
      expect(during.status).toBe(503)
      expect(during.headers.get('retry-after')).toBe(String(STORE_RETRY_AFTER_S))
      expect(((await during.json()) as { error: string }).error).toBe('store_unavailable')
      expect((await client.get('/api/rooms/random/log')).status).toBe(503)
      expect((await client.get('/api/rooms/random/events')).status).toBe(200) // rooms stay readable

      await outage(false)
      const retried = await send('during-outage') // the client's retry of the refused request
      expect(retried.status).toBe(200)
      const { events } = (await (await client.get('/api/rooms/random/log')).json()) as LogResponse
      expect(events.map((event) => event.id)).toEqual(['before-outage', 'during-outage'])
    } finally {
      await server.close()
    }
  })
})
