import { describe, expect, it } from 'vitest'
import { defaultMaxConnections, MAX_CONNECTIONS_CEILING, openFileLimit } from './defaults'

describe('defaultMaxConnections', () => {
  it('keeps a fifth of the open-file limit free, up to 10,000 connections', () => {
    expect(defaultMaxConnections(1024)).toBe(819)
    expect(defaultMaxConnections(20_000)).toBe(MAX_CONNECTIONS_CEILING)
    expect(defaultMaxConnections(undefined)).toBe(MAX_CONNECTIONS_CEILING)
  })

  it.runIf(process.platform === 'linux')('reads the limit of this process on Linux', () => {
    expect(openFileLimit()).toBeGreaterThan(0)
    expect(defaultMaxConnections()).toBeLessThanOrEqual(Math.floor((openFileLimit() ?? 0) * 0.8))
  })
})
