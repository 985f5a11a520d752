import { waitFor } from '@reality-internal/test-utils'
import { afterAll, describe, expect, it } from 'vitest'
import { SQLStorage } from '../../src'
import { FakeClock } from '../support/fake-clock'
import { dropTable, pgPool, pgQuery, uniqueName } from './databases'

/*
 * `timeoutMs` on a fake clock: a statement that really hangs in PostgreSQL (behind a table lock
 * another session holds) fails once the clock passed the timeout, not before, with no real wait.
 */
describe('SQLStorage timeoutMs', () => {
  const admin = pgPool({ max: 2 })
  afterAll(() => admin.end())

  it('fails a hung statement after timeoutMs of its clock, then serves again once the lock is gone', async () => {
    const table = uniqueName('sqlto')
    const pool = pgPool()
    const clock = new FakeClock()
    const storage = new SQLStorage({
      query: pgQuery(pool),
      dialect: 'postgres',
      tableName: table,
      timeoutMs: 1500,
      createTable: false,
      clock,
    })
    // Created up front, so the read below is one statement, not the schema setup too.
    await storage.ensureSchema()
    const locker = await admin.connect()
    try {
      await locker.query('BEGIN')
      await locker.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`)
      let outcome: string | undefined
      const read = storage.getNode('k').then(
        () => {
          outcome = 'answered'
        },
        (error: unknown) => {
          outcome = String(error)
        },
      )
      // Sentinel: the read is waiting for the lock in PostgreSQL.
      await waitFor(
        async () =>
          (
            await admin.query('SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = $1::regclass', [
              table,
            ])
          ).rows[0].n > 0,
        { message: 'the read to wait on the lock' },
      )
      await clock.advance(1499)
      expect(outcome).toBeUndefined()
      await clock.advance(1)
      await read
      expect(outcome).toBe('Error: SQLStorage query timed out after 1500 ms')
    } finally {
      await locker.query('ROLLBACK')
      locker.release()
    }
    expect(await storage.getNode('k')).toBeNull()
    expect(clock.pending()).toEqual([])
    await pool.end()
    await dropTable(pgQuery(admin), 'postgres', table)
  })
})
