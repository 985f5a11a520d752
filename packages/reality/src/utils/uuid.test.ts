import { afterEach, describe, expect, it, vi } from 'vitest'
import { uuid } from './uuid'

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('uuid', () => {
  it('is a v4 UUID from crypto.randomUUID', () => {
    expect(uuid()).toMatch(V4)
    expect(uuid()).not.toBe(uuid())
  })

  it('formats getRandomValues bytes as a v4 UUID where randomUUID is missing (insecure origins)', () => {
    const real = globalThis.crypto
    vi.stubGlobal('crypto', { getRandomValues: (a: Uint8Array) => real.getRandomValues(a) })
    for (let i = 0; i < 100; i++) expect(uuid()).toMatch(V4)
  })

  it('falls back to Math.random where there is no crypto (bare React Native)', () => {
    vi.stubGlobal('crypto', undefined)
    const ids = new Set(Array.from({ length: 100 }, uuid))
    for (const id of ids) expect(id).toMatch(V4)
    expect(ids.size).toBe(100)
  })
})
