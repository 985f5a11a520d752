import { describe, expect, it } from 'vitest'
import { deriveStatus, type KeyFacts } from './key-status'
import type { RealityStatus } from './types'

const f = (loaded: boolean, inFlight: boolean, failed: boolean, stale: boolean): KeyFacts => ({
  loaded,
  inFlight,
  failed,
  stale,
})

// Every combination of the four facts and the status it yields.
const TABLE: [KeyFacts, RealityStatus][] = [
  [f(false, false, false, false), 'loading'],
  [f(false, false, false, true), 'loading'],
  [f(false, false, true, false), 'error'],
  [f(false, false, true, true), 'error'],
  [f(false, true, false, false), 'loading'],
  [f(false, true, false, true), 'loading'],
  [f(false, true, true, false), 'loading'],
  [f(false, true, true, true), 'loading'],
  [f(true, false, false, false), 'idle'],
  [f(true, false, false, true), 'stale'],
  [f(true, false, true, false), 'error'],
  [f(true, false, true, true), 'error'],
  [f(true, true, false, false), 'syncing'],
  [f(true, true, false, true), 'syncing'],
  [f(true, true, true, false), 'syncing'],
  [f(true, true, true, true), 'syncing'],
]

describe('deriveStatus', () => {
  it.each(TABLE)('%o → %s', (facts, status) => {
    expect(deriveStatus(facts)).toBe(status)
  })
})
