import { describe, expect, it } from 'vitest'
import { ServerPool } from './server-pool'

const none = new Set<number>()

describe('ServerPool', () => {
  it('prefers servers in list order', () => {
    const pool = new ServerPool(3, 1_000)
    expect(pool.pick(0, none)).toBe(0)
  })

  it('skips a failed server until its blacklist expires', () => {
    const pool = new ServerPool(3, 1_000)
    pool.fail(0, 0)
    expect(pool.pick(10, none)).toBe(1)
    expect(pool.pick(999, none)).toBe(1)
    expect(pool.pick(1_000, none)).toBe(0)
  })

  it('tries every healthy server once per request before retrying one', () => {
    const pool = new ServerPool(3, 1_000)
    expect(pool.pick(0, new Set([0]))).toBe(1)
    expect(pool.pick(0, new Set([0, 1]))).toBe(2)
    expect(pool.pick(0, new Set([0, 1, 2]))).toBe(0)
  })

  it('falls back to a blacklisted server when nothing else is left', () => {
    const pool = new ServerPool(2, 1_000)
    pool.fail(0, 0)
    pool.fail(1, 5)
    expect(pool.pick(10, new Set([0, 1]))).toBe(0)
  })

  it('blocks a server for its Retry-After and picks the one free soonest when all are blocked', () => {
    const pool = new ServerPool(2, 10)
    pool.fail(0, 0, 5_000)
    pool.fail(1, 0, 2_000)
    expect(pool.pick(100, none)).toBe(1)
    expect(pool.waitFor(1, 100)).toBe(1_900)
    expect(pool.waitFor(1, 3_000)).toBe(0)
  })

  it('clears both marks on success', () => {
    const pool = new ServerPool(2, 1_000)
    pool.fail(0, 0, 500)
    pool.succeed(0)
    expect(pool.pick(1, none)).toBe(0)
    expect(pool.waitFor(0, 1)).toBe(0)
  })
})
