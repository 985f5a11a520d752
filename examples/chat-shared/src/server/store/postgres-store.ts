import { type Message, type RoomEvent, reviveMessage } from '../../domain'
import { isUnavailable, StoreUnavailable } from './store-unavailable'
import type { ChatStore, StoredRoom } from './types'

/** Anything with `pg`'s `query(text, params)`: a `pg.Pool`, a `pg.Client`. */
export interface PgQueryable {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>
}

export interface PostgresChatStoreOptions {
  /** Table name prefix (default `chat`): tables `<prefix>_events` and `<prefix>_snapshots`. */
  prefix?: string
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,40}$/

/**
 * The chat's log in PostgreSQL: one row per event (primary key room + seq, so a second writer
 * of the same seq fails instead of forking the log) and one row per snapshot. A lost or refused
 * connection becomes `StoreUnavailable`; give the pool an `error` listener (an idle connection
 * the server drops is reported there, and an unheard `error` event ends the process).
 *
 * @example
 * const store = new PostgresChatStore(new pg.Pool({ connectionString: process.env.DATABASE_URL }))
 * await store.ensureSchema()
 */
export class PostgresChatStore implements ChatStore {
  readonly kind = 'postgres'
  readonly #db: PgQueryable
  readonly #events: string
  readonly #snapshots: string
  readonly #onClose: (() => Promise<void>) | undefined

  constructor(db: PgQueryable, options: PostgresChatStoreOptions & { onClose?: () => Promise<void> } = {}) {
    const prefix = options.prefix ?? 'chat'
    if (!IDENTIFIER.test(prefix)) throw new Error(`invalid table prefix: ${prefix}`)
    this.#db = db
    this.#events = `${prefix}_events`
    this.#snapshots = `${prefix}_snapshots`
    this.#onClose = options.onClose
  }

  async #query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }> {
    try {
      return await this.#db.query<Row>(text, params)
    } catch (error) {
      throw isUnavailable(error) ? new StoreUnavailable(error) : error
    }
  }

  /** Creates the two tables if they do not exist (idempotent). */
  async ensureSchema(): Promise<void> {
    await this.#query(
      `CREATE TABLE IF NOT EXISTS ${this.#events} (
        room text NOT NULL, seq integer NOT NULL, event jsonb NOT NULL, PRIMARY KEY (room, seq))`,
    )
    await this.#query(
      `CREATE TABLE IF NOT EXISTS ${this.#snapshots} (
        room text NOT NULL, seq integer NOT NULL, messages jsonb NOT NULL, PRIMARY KEY (room, seq))`,
    )
  }

  async load(room: string): Promise<StoredRoom> {
    const snapshots = await this.#query<{ seq: number; messages: Message[] }>(
      `SELECT seq, messages FROM ${this.#snapshots} WHERE room = $1 ORDER BY seq DESC LIMIT 1`,
      [room],
    )
    const row = snapshots.rows[0]
    const snapshot = row ? { seq: row.seq, messages: row.messages.map(reviveMessage) } : null
    const events = await this.#query<{ event: RoomEvent }>(
      `SELECT event FROM ${this.#events} WHERE room = $1 AND seq > $2 ORDER BY seq`,
      [room, snapshot?.seq ?? 0],
    )
    return { snapshot, events: events.rows.map((row) => row.event) }
  }

  async append(room: string, events: readonly RoomEvent[]): Promise<void> {
    if (events.length === 0) return
    const values = events.map((_, i) => `($1, $${i * 2 + 2}, $${i * 2 + 3})`).join(', ')
    const params: unknown[] = [room]
    for (const event of events) params.push(event.seq, JSON.stringify(event))
    await this.#query(`INSERT INTO ${this.#events} (room, seq, event) VALUES ${values}`, params)
  }

  async saveSnapshot(room: string, seq: number, messages: readonly Message[]): Promise<void> {
    await this.#query(
      `INSERT INTO ${this.#snapshots} (room, seq, messages) VALUES ($1, $2, $3) ON CONFLICT (room, seq) DO NOTHING`,
      [room, seq, JSON.stringify(messages)],
    )
  }

  async readLog(room: string, before: number, limit: number): Promise<RoomEvent[]> {
    const result = await this.#query<{ event: RoomEvent }>(
      `SELECT event FROM ${this.#events} WHERE room = $1 AND seq < $2::bigint ORDER BY seq DESC LIMIT $3`,
      [room, before, limit],
    )
    return result.rows.map((row) => row.event).reverse()
  }

  async close(): Promise<void> {
    await this.#onClose?.()
  }
}
