import { type ChatStore, MemoryChatStore, PostgresChatStore } from '@reality-examples/chat-shared/server'

/**
 * `CHAT_STORE=postgres` keeps rooms in PostgreSQL (`DATABASE_URL`, default the local `test`
 * database; tables `<CHAT_PG_PREFIX or chat>_events` and `_snapshots`); anything else keeps
 * them in memory. `pg` is loaded only when asked for. While the database is unreachable, requests
 * that need it are answered 503 with Retry-After (the rooms stay readable from memory).
 */
export const storeFromEnv = async (env: NodeJS.ProcessEnv): Promise<ChatStore> => {
  if (env.CHAT_STORE !== 'postgres') return new MemoryChatStore()
  const { default: pg } = await import('pg')
  const pool = new pg.Pool({
    connectionString: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    max: 4,
    // A database that does not answer fails the request (503) instead of holding it.
    connectionTimeoutMillis: 5000,
  })
  // An idle connection the database drops (restart, pg_terminate_backend, a proxy's timeout) is
  // reported here; the pool discards it and connects anew. Unheard, this event ends the process.
  pool.on('error', (error) => console.error('react-chat: idle PostgreSQL connection lost:', error.message))
  const store = new PostgresChatStore(pool, { prefix: env.CHAT_PG_PREFIX, onClose: () => pool.end() })
  await store.ensureSchema()
  return store
}
