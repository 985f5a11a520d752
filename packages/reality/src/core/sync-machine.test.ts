import { describe, expect, it } from 'vitest'
import { nextPhase, type SyncEvent, type SyncPhase } from './sync-machine'

// The full transition table: [phase, event, next phase].
const TABLE: [SyncPhase, SyncEvent, SyncPhase][] = [
  ['idle', 'request', 'scheduled'],
  ['idle', 'flush', 'idle'],
  ['idle', 'done', 'idle'],
  ['scheduled', 'request', 'scheduled'],
  ['scheduled', 'flush', 'running'],
  ['scheduled', 'done', 'scheduled'],
  ['running', 'request', 'queued'],
  ['running', 'flush', 'running'],
  ['running', 'done', 'idle'],
  ['queued', 'request', 'queued'],
  ['queued', 'flush', 'queued'],
  ['queued', 'done', 'running'],
]

describe('sync machine', () => {
  it.each(TABLE)('%s --%s--> %s', (phase, event, next) => {
    expect(nextPhase(phase, event)).toBe(next)
  })

  it('never loses a request: from any phase, request then done leaves work running or scheduled', () => {
    for (const phase of ['idle', 'scheduled', 'running', 'queued'] as const) {
      const afterRequest = nextPhase(phase, 'request')
      expect(afterRequest).not.toBe('idle')
      if (phase === 'running' || phase === 'queued') expect(nextPhase(afterRequest, 'done')).toBe('running')
    }
  })
})
