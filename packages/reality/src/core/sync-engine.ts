import type { TimeoutProvider } from '../managers/timeout-manager'
import type { SyncHint, SyncMode } from '../protocol/schemas'
import { toError } from '../transport/errors'
import type { SyncTransport } from '../transport/types'
import type { KeyEntry } from './key-entry'
import { refresh, settled } from './payload'
import { nextPhase, type SyncEvent, type SyncPhase } from './sync-machine'

/** Which hint a merged batch carries: the most specific reason (latest in this list) wins. */
const HINT_RANK: SyncHint[] = ['idle', 'focus', 'interaction', 'mount', 'reconnect', 'mutation']

export interface SyncEngineOptions {
  clientId: string
  mode: SyncMode
  transport: SyncTransport
  timers: TimeoutProvider
  entry: (key: string) => KeyEntry
  /** Called when a batch is done: its keys and whether any of them changed. */
  onDone: (keys: string[], changed: boolean) => void
  log?: ((...args: unknown[]) => void) | undefined
}

/**
 * Batches the keys that are due into one sync request (see sync-machine.ts), applies the response to each key and
 * starts the payload fetches it calls for. `request` resolves once its batch is applied and those fetches settled;
 * it never rejects: failures land in each key's `error`.
 */
export class SyncEngine {
  readonly #o: SyncEngineOptions
  #phase: SyncPhase = 'idle'
  #keys = new Set<string>()
  #hint: SyncHint | undefined
  #waiters: (() => void)[] = []

  constructor(options: SyncEngineOptions) {
    this.#o = options
  }

  get busy(): boolean {
    return this.#phase !== 'idle'
  }

  request(keys: readonly string[], hint: SyncHint): Promise<void> {
    return new Promise((resolve) => {
      for (const key of keys) {
        if (this.#keys.has(key)) continue
        this.#keys.add(key)
        const entry = this.#o.entry(key)
        entry.syncing++
        entry.commit()
      }
      if (HINT_RANK.indexOf(hint) >= HINT_RANK.indexOf(this.#hint as SyncHint)) this.#hint = hint
      this.#waiters.push(resolve)
      this.#step('request')
    })
  }

  /** Takes a key out of the next batch (its last subscriber left). */
  drop(entry: KeyEntry): void {
    if (this.#keys.delete(entry.key)) entry.syncing--
  }

  #step(event: SyncEvent): void {
    const before = this.#phase
    this.#phase = nextPhase(before, event)
    if (before === 'idle' && this.#phase === 'scheduled') Promise.resolve().then(() => this.#step('flush'))
    else if (this.#phase === 'running' && before !== 'running') void this.#run()
  }

  async #run(): Promise<void> {
    const { transport, timers, clientId, mode } = this.#o
    const keys = [...this.#keys]
    const hint = this.#hint ?? 'interaction'
    const waiters = this.#waiters
    this.#keys = new Set()
    this.#hint = undefined
    this.#waiters = []
    const entries = keys.map(this.#o.entry)
    const fetches: Promise<void>[] = []
    let changed = false
    if (keys.length) {
      // Null prototype: a key named "__proto__" is data, not a prototype change.
      const known: Record<string, number> = Object.create(null)
      for (const entry of entries) known[entry.key] = entry.sentVersion()
      let response: Awaited<ReturnType<SyncTransport>> | undefined
      let failure: Error | undefined
      try {
        response = await transport({ known, clientId, mode, hint, timestamp: timers.now() })
      } catch (error) {
        failure = toError(error)
      }
      const at = timers.now()
      for (const entry of entries) {
        entry.syncing--
        if (response) {
          const node = response.changed[entry.key]
          if (node && entry.seen(node)) changed = true
          entry.syncError = null
          entry.lastSyncAt = at
          if (refresh(entry)) fetches.push(settled(entry))
          entry.commit()
        } else {
          entry.syncError = failure ?? null
          entry.commit()
          if (failure) entry.report(failure)
        }
      }
      this.#o.log?.(`sync (${hint})`, keys, failure ?? (changed ? 'changed' : 'unchanged'))
    }
    this.#step('done')
    this.#o.onDone(keys, changed)
    await Promise.all(fetches)
    for (const resolve of waiters) resolve()
  }
}
