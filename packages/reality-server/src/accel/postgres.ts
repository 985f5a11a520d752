import { backoffDelay, type Clock, systemClock } from '../timing'
import { type ChannelEvents, createChannelAccelerator } from './channel'
import type { Accelerator } from './types'

/** Channel used when none is given; every server of one app must use the same. */
export const DEFAULT_POSTGRES_CHANNEL = 'reality:updates'

type Listener = (...args: unknown[]) => void

/** The part of a node-postgres (`pg`) pool client the accelerator uses. */
export interface PgClientLike {
  /** Runs `LISTEN`/`UNLISTEN` on the held connection. */
  query(text: string, values?: unknown[]): Promise<unknown>
  /** Listens for `notification`, `error` and `end`. */
  on(event: string, listener: Listener): unknown
  /** Removes a listener added with `on`. */
  removeListener(event: string, listener: Listener): unknown
  /** Gives the connection back to the pool (destroys it when passed an error or `true`). */
  release(error?: Error | boolean): void
}

/** The part of a node-postgres (`pg`) `Pool` the accelerator uses. */
export interface PgPoolLike {
  /** Checks out the connection held for LISTEN. */
  connect(): Promise<PgClientLike>
  /** Publishes with `pg_notify` on any connection of the pool. */
  query(text: string, values?: unknown[]): Promise<unknown>
}

/** Options of `createPostgresAccelerator`. */
export interface PostgresAcceleratorOptions {
  /** A `pg` Pool; one of its connections is held for LISTEN, so give it `max` of 2 or more. */
  pool: PgPoolLike
  /** Notification channel (default `reality:updates`, at most 63 bytes). */
  channel?: string
  /** Clock of the reconnection backoff (tests pass a fake one). */
  clock?: Clock
}

// PostgreSQL rejects a NOTIFY payload of 8,000 bytes or more.
const MAX_PAYLOAD = 7900
const RECONNECT_BACKOFF = { baseMs: 250, maxMs: 5000 }

const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`

/**
 * PostgreSQL LISTEN/NOTIFY acceleration, for apps on PostgreSQL without Redis: the same
 * contract as the Redis accelerator. Updates are sent with `pg_notify` on the pool and heard
 * on one connection held for LISTEN. When that connection is lost the accelerator reconnects
 * on demand, from the next request or publish after a backoff (no timer runs while idle),
 * and the read cache catches up what was missed.
 *
 * @example
 * import pg from 'pg'
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL })
 * server.setAccelerator(createPostgresAccelerator({ pool }))
 */
export const createPostgresAccelerator = (options: PostgresAcceleratorOptions): Accelerator => {
  const { pool } = options
  const channel = options.channel ?? DEFAULT_POSTGRES_CHANNEL
  const clock = options.clock ?? systemClock
  if (channel.length === 0 || new TextEncoder().encode(channel).length > 63)
    throw new RangeError('postgres channel must be 1 to 63 bytes long')
  let events: ChannelEvents | undefined
  // The connection held for LISTEN and how to drop it.
  let listener: { client: PgClientLike; drop: (error?: unknown) => void } | undefined
  let connecting = false
  let closed = false
  let attempt = 0
  let retryAt = 0

  const failed = (error?: unknown): void => {
    retryAt = clock.now() + backoffDelay(attempt, RECONNECT_BACKOFF)
    attempt++
    events?.down(error)
  }

  const connect = async (): Promise<void> => {
    if (connecting || listener || closed) return
    connecting = true
    let client: PgClientLike
    try {
      client = await pool.connect()
    } catch (error) {
      connecting = false
      failed(error)
      return
    }
    let alive = true
    const handlers: Record<string, Listener> = {
      notification: (message) => {
        const { channel: from, payload } = (message ?? {}) as { channel?: string; payload?: string }
        if (from === channel && typeof payload === 'string') events?.message(payload)
      },
      error: (error) => lost(error),
      end: () => lost(),
    }
    const lost = (error?: unknown): void => {
      if (!alive) return
      alive = false
      // The error handler stays (a no-op from now on): a dropped connection can still report a late error, an
      // ECONNRESET after `end`, and an 'error' with no listener would crash the process.
      client.removeListener('notification', handlers.notification)
      client.removeListener('end', handlers.end)
      // The pool must not get this connection back: it listens, or it is broken.
      client.release(error instanceof Error ? error : true)
      if (listener?.client === client) listener = undefined
      if (!closed) failed(error)
    }
    for (const [event, handler] of Object.entries(handlers)) client.on(event, handler)
    try {
      await client.query(`LISTEN ${quoteIdent(channel)}`)
    } catch (error) {
      connecting = false
      lost(error)
      return
    }
    connecting = false
    if (!alive) return
    if (closed) {
      lost()
      return
    }
    listener = { client, drop: lost }
    attempt = 0
    events?.up()
  }

  const wake = (): void => {
    if (!listener && !connecting && !closed && clock.now() >= retryAt) void connect()
  }

  return createChannelAccelerator({
    kind: 'postgres',
    maxBytes: MAX_PAYLOAD,
    open(target) {
      events = target
      void connect()
    },
    canSend: () => listener !== undefined,
    send: (message) => pool.query('SELECT pg_notify($1, $2)', [channel, message]),
    wake,
    async close() {
      closed = true
      listener?.drop()
    },
  })
}
