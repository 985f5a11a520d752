import { waitFor } from '@reality-internal/test-utils'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { type Accelerator, createPostgresAccelerator, type PgPoolLike } from '../../src'
import { startTcpProxy, type TcpProxy } from '../cluster/harness/tcp-proxy'
import { FakeClock, settle } from '../support/fake-clock'

/*
 * The LISTEN connection's reconnection backoff, on a fake clock: a real PostgreSQL behind a
 * proxy the test cuts, and time that moves only when the test says so.
 */
describe('postgres accelerator reconnection backoff', () => {
  const cleanup: (() => Promise<unknown>)[] = []
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step()
  })

  /** The pool's connect, counted, with the last attempt kept to wait for its outcome. */
  const counted = (pool: pg.Pool) => {
    const attempts: Promise<unknown>[] = []
    const wrapped: PgPoolLike = {
      connect: () => {
        const attempt = pool.connect()
        attempts.push(attempt.catch(() => undefined))
        return attempt
      },
      query: (text, values) => pool.query(text, values),
    }
    /** Waits for the last attempt to fail and the accelerator to take note. */
    const failed = async (): Promise<void> => {
      await attempts.at(-1)
      await settle()
    }
    return { pool: wrapped, attempts, failed }
  }

  const setup = async (): Promise<{
    proxy: TcpProxy
    clock: FakeClock
    accelerator: Accelerator
    connects: ReturnType<typeof counted>
  }> => {
    const proxy = await startTcpProxy(5432)
    cleanup.push(() => proxy.stop())
    const pool = new pg.Pool({ host: '127.0.0.1', port: proxy.port, user: 'postgres', database: 'test', max: 3 })
    pool.on('error', () => {})
    cleanup.push(() => pool.end())
    const connects = counted(pool)
    const clock = new FakeClock()
    const accelerator = createPostgresAccelerator({ pool: connects.pool, clock, channel: 'reality:backoff' })
    cleanup.push(() => accelerator.close())
    return { proxy, clock, accelerator, connects }
  }

  it('reconnects on demand only after a backoff that doubles per failure and starts over once connected', async () => {
    const { proxy, clock, accelerator, connects } = await setup()
    await proxy.stop()
    accelerator.start('backoff', { receive: () => {}, resync: () => {}, error: () => {} })
    expect(connects.attempts.length).toBe(1)
    await connects.failed()
    expect(accelerator.state).toBe('down')

    // Failures 1, 2, 3 wait 250, 500, 1000 ms before the next request may reconnect.
    for (const [failure, backoff] of [250, 500, 1000].entries()) {
      accelerator.wake()
      await clock.advance(backoff - 1)
      accelerator.wake()
      expect(connects.attempts.length).toBe(failure + 1)
      await clock.advance(1)
      accelerator.wake()
      expect(connects.attempts.length).toBe(failure + 2)
      await connects.failed()
    }
    await proxy.start()
    accelerator.wake()
    await clock.advance(1999)
    accelerator.wake()
    expect(connects.attempts.length).toBe(4)
    await clock.advance(1)
    accelerator.wake()
    await waitFor(() => accelerator.state === 'connected', { message: 'the accelerator to connect' })
    const beforeLoss = connects.attempts.length

    // Connected once: the next loss waits the first backoff again.
    await proxy.stop()
    await waitFor(() => accelerator.state === 'down', { message: 'the loss to be noticed' })
    await proxy.start()
    accelerator.wake()
    await clock.advance(249)
    accelerator.wake()
    expect(connects.attempts.length).toBe(beforeLoss)
    await clock.advance(1)
    accelerator.wake()
    expect(connects.attempts.length).toBe(beforeLoss + 1)
    await waitFor(() => accelerator.state === 'connected', { message: 'the accelerator to reconnect' })
  })
})
