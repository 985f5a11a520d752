import { sleep, waitFor } from '@reality-internal/test-utils'
import type { ServerProcess } from './server-process'
import { SimClient, updateThrough } from './sim-client'

/*
 * A chaos run: simulated clients sync against random servers while updaters write through
 * random servers; scheduled events (kill a server, stop Redis…) fire when a given number of
 * updates has been acknowledged. Once all updates are in, the run waits until every client
 * holds the final state of every key, as read by `truth`.
 *
 * A request that fails because its server is down (killed, or restarting) is expected: the
 * client or updater moves on to another server, as the real client's failover does. Any
 * other failure (an HTTP error from a live server, a timeout) is recorded as unexpected.
 */

export type Final = Map<string, { version: number; hash: string }>

export interface ChaosPlan {
  servers: ServerProcess[]
  token: string
  keys: string[]
  clients: number
  updates: number
  /** Updaters writing concurrently. */
  updaters: number
  events: { at: number; name: string; run: () => Promise<void> }[]
  /** The final state every client must end with, read once all updates are acknowledged. */
  truth: () => Promise<Final>
  /** Longest wait for every client to hold the final state (ms). */
  convergeTimeout: number
}

export interface ChaosReport {
  clients: SimClient[]
  final: Final
  /** Highest acknowledged version per key. */
  acked: Map<string, number>
  unexpected: string[]
  syncs: number
  /** Requests that failed on a server that was down at the time. */
  expectedFailures: number
  log: string[]
  elapsedMs: number
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]
const jitter = (min: number, max: number): number => min + Math.random() * (max - min)

export const runChaos = async (plan: ChaosPlan): Promise<ChaosReport> => {
  const started = performance.now()
  const stamp = (): string => `${((performance.now() - started) / 1000).toFixed(1)}s`
  const log: string[] = []
  const unexpected: string[] = []
  const acked = new Map<string, number>()
  const clients = Array.from({ length: plan.clients }, (_, i) => new SimClient(`client-${i}`, plan.keys))
  let ackedCount = 0
  let expectedFailures = 0
  let running = true

  const attempt = async <T>(server: ServerProcess, what: string, run: () => Promise<T>): Promise<T | undefined> => {
    const before = { up: server.up, generation: server.generation }
    try {
      return await run()
    } catch (error) {
      // Down when the request left or when it failed, or killed/restarted meanwhile: failover.
      if (!before.up || !server.up || server.generation !== before.generation) expectedFailures++
      else {
        const cause = error instanceof Error && error.cause ? ` (${String(error.cause)})` : ''
        unexpected.push(`${stamp()} ${what} on ${server.config.serverId}: ${String(error)}${cause}`)
      }
      return undefined
    }
  }

  const clientLoop = async (client: SimClient): Promise<void> => {
    while (running) {
      const server = pick(plan.servers)
      await attempt(server, `sync by ${client.id}`, () => client.sync(server.url, AbortSignal.timeout(10_000)))
      await sleep(jitter(50, 150))
    }
  }

  // Events run one after the other, in the order of their thresholds.
  const pending = [...plan.events].sort((a, b) => a.at - b.at)
  let events = Promise.resolve()
  const fire = (): void => {
    while (pending.length > 0 && pending[0].at <= ackedCount) {
      const event = pending.shift()!
      events = events.then(async () => {
        log.push(`${stamp()} @${ackedCount} updates: ${event.name}`)
        await event.run()
        log.push(`${stamp()} ${event.name}: done`)
      })
    }
  }

  let issued = 0
  const updaterLoop = async (): Promise<void> => {
    while (issued < plan.updates) {
      const live = plan.servers.filter((server) => server.up)
      const server = pick(live.length > 0 ? live : plan.servers)
      const n = issued++
      const key = pick(plan.keys)
      const meta = await attempt(server, `update ${n}`, () => updateThrough(server.url, plan.token, key, `h${n}`))
      if (meta) {
        ackedCount++
        acked.set(key, Math.max(acked.get(key) ?? 0, meta.version))
        fire()
      } else issued-- // not acknowledged: write another one
      await sleep(jitter(5, 20))
    }
  }

  const syncing = Promise.all(clients.map(clientLoop))
  await Promise.all(Array.from({ length: plan.updaters }, updaterLoop))
  log.push(`${stamp()} ${ackedCount} updates acknowledged`)
  fire()
  await events
  const final = await plan.truth()
  log.push(`${stamp()} final state read`)
  try {
    await waitFor(() => clients.every((client) => client.holds(final)), {
      message: 'every client to hold the final state',
      timeout: plan.convergeTimeout,
      every: 100,
    })
    log.push(`${stamp()} every client holds the final state`)
  } finally {
    running = false
    await syncing
  }
  return {
    clients,
    final,
    acked,
    unexpected,
    syncs: clients.reduce((sum, client) => sum + client.syncs, 0),
    expectedFailures,
    log,
    elapsedMs: performance.now() - started,
  }
}
