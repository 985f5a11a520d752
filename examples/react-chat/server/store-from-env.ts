import { type ChatStore, MemoryChatStore, PostgresChatStore } from '@reality-examples/chat-shared/server'

/**
 * `CHAT_STORE=postgres` keeps rooms in PostgreSQL (`DATABASE_URL`, default the local `test`
 * database; tables `<CHAT_PG_PREFIX or chat>_events` and `_snapshots`); anything else keeps
 * them in memory. `pg` is loaded only when asked for.
 */
export const storeFromEnv = async (env: NodeJS.ProcessEnv): Promise<ChatStore> => {
  if (env.CHAT_STORE !== 'postgres') return new MemoryChatStore()
  const { default: pg } = await import('pg')
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', max: 4 })
  // An idle connection the database ends (a restart, a DBA) would otherwise be an uncaught error that stops the server;
  // the pool opens a new one on the next query.
  pool.on('error', (error) => console.error('chat store: idle PostgreSQL connection lost:', error.message))
  const store = new PostgresChatStore(pool, { prefix: env.CHAT_PG_PREFIX, onClose: () => pool.end() })
  await store.ensureSchema()
  return store
}
