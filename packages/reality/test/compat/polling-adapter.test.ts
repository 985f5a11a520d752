// @vitest-environment jsdom

import { waitFor } from '@reality-internal/test-utils'
import type { TimeoutProvider } from '@rootlodge/reality'
import { createPollingAdapter } from '@rootlodge/reality/compat'
import { describe, expect, it } from 'vitest'
import type { AppServer } from '../react/support/app-server'
import { openAppPage } from '../react/support/browser-page'

let app: AppServer

openAppPage((started) => {
  app = started
})

/** Lets real I/O (HTTP on loopback) progress until `check` holds; fails after 15 s of wall time. */
const until = async (check: () => boolean, what: string): Promise<void> => {
  await waitFor(check, { timeout: 15_000, every: 5, message: what })
}

/** A timer provider whose timers of `ms` run when the test says so; others (request timeouts) never fire here. */
const steppedTimers = (ms: number) => {
  const pending = new Map<number, { run: () => void; ms: number }>()
  let next = 0
  const timers: TimeoutProvider = {
    setTimeout: (run, delay) => {
      pending.set(++next, { run, ms: delay })
      return next
    },
    clearTimeout: (id) => pending.delete(id as number),
    now: () => Date.now(),
  }
  const polls = () => [...pending].filter(([, timer]) => timer.ms === ms)
  const fire = () => {
    const [[id, timer]] = polls()
    pending.delete(id)
    timer.run()
  }
  return { timers, armed: () => polls().length, fire }
}

const syncsOf = (key: string) => app.syncRequests().filter((request) => key in request.known)

describe('createPollingAdapter', () => {
  it('is the API guide snippet: polls the version every 2 s and skips the payload while it is unchanged', async () => {
    await app.publish('notifications', ['n1'], 'notifications')
    const seen: unknown[] = []
    const setNotifications = (data: unknown) => seen.push(data)

    const adapter = createPollingAdapter({
      key: 'notifications',
      realityEndpoint: '/reality/sync',
      payloadEndpoint: '/api/notifications',
      interval: 2000,
      onData: (data) => setNotifications(data),
    })

    adapter.start()
    // adapter.stop();
    await until(() => seen.length === 1, 'the first payload')
    expect(seen).toEqual([['n1']])
    // Two polls later (the first one's response was applied before the second was sent) …
    await until(() => syncsOf('notifications').length === 3, 'two more polls')
    expect(syncsOf('notifications').every((request) => request.mode === 'polling-compat')).toBe(true)
    expect(app.payloadCount('notifications')).toBe(1) // … the payload was not transferred again
    expect(seen).toHaveLength(1)
    adapter.stop()
    expect(adapter.isRunning).toBe(false)
  })

  it('fetches once per change, at the next poll, and leaves no timer once stopped', async () => {
    await app.publish('alerts', ['a1'], 'alerts')
    const clock = steppedTimers(500)
    const seen: unknown[] = []
    const adapter = createPollingAdapter({
      key: 'alerts',
      realityEndpoint: '/reality/sync',
      payloadEndpoint: '/api/alerts',
      interval: 500,
      onData: (data) => seen.push(data),
      managers: { timers: clock.timers },
    })
    adapter.start()
    await until(() => seen.length === 1 && clock.armed() === 1, 'the first payload and the poll timer')

    for (let poll = 2; poll <= 4; poll++) {
      clock.fire()
      await until(() => syncsOf('alerts').length === poll && clock.armed() === 1, `poll ${poll}`)
    }
    expect(app.payloadCount('alerts')).toBe(1)

    await app.publish('alerts', ['a1', 'a2'], 'alerts')
    expect(seen).toHaveLength(1) // nothing happens between polls
    clock.fire()
    await until(() => seen.length === 2, 'the changed payload')
    expect(seen[1]).toEqual(['a1', 'a2'])
    expect(app.payloadCount('alerts')).toBe(2)

    await until(() => clock.armed() === 1, 'the next poll timer')
    adapter.stop()
    expect(clock.armed()).toBe(0)
  })

  it('restarts after stop without redelivering unchanged data, and reports fetch errors', async () => {
    const errors: Error[] = []
    const seen: unknown[] = []
    const adapter = createPollingAdapter({
      key: 'missing',
      realityEndpoint: '/reality/sync',
      payloadEndpoint: '/api/missing',
      onData: (data) => seen.push(data),
      onError: (error) => errors.push(error),
    })
    adapter.start()
    adapter.start() // idempotent
    await until(() => errors.length === 1, 'the 404')
    expect(errors[0].message).toMatch(/HTTP 404/)

    adapter.stop()
    await app.publish('missing', 'found', 'missing')
    adapter.start()
    await until(() => seen.length === 1, 'the payload after restart')
    expect(seen).toEqual(['found'])
    adapter.stop()
    adapter.start()
    await until(() => syncsOf('missing').length === 3, 'the restart sync')
    expect(seen).toEqual(['found'])
    adapter.stop()
  })
})
