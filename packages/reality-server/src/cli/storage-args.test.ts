import { describe, expect, it } from 'vitest'
import { parseArgs } from './args'

describe('storage flags', () => {
  it.each([
    ['memory', { kind: 'memory' }],
    ['postgres://u:p@db.test:5432/app', { kind: 'postgres', url: 'postgres://u:p@db.test:5432/app' }],
    ['postgresql://db.test/app', { kind: 'postgres', url: 'postgresql://db.test/app' }],
    ['mysql://root@db.test/app', { kind: 'mysql', url: 'mysql://root@db.test/app' }],
    ['mariadb://root@db.test/app', { kind: 'mysql', url: 'mysql://root@db.test/app' }],
    ['sqlite:data/reality.db', { kind: 'sqlite', path: 'data/reality.db' }],
    ['sqlite:///var/lib/reality.db', { kind: 'sqlite', path: '/var/lib/reality.db' }],
    ['sqlite::memory:', { kind: 'sqlite', path: ':memory:' }],
  ])('reads --storage %s', (url, storage) => {
    expect(parseArgs(['--storage', url], {}).store.storage).toEqual(storage)
  })

  it('lets --storage and --redis win over DATABASE_URL and REDIS_URL', () => {
    const { store } = parseArgs(['--storage', 'sqlite:a.db', '--redis', 'redis://flag:6379'], {
      DATABASE_URL: 'postgres://env/app',
      REDIS_URL: 'redis://env:6379',
    })
    expect(store).toMatchObject({ storage: { kind: 'sqlite', path: 'a.db' }, redis: 'redis://flag:6379' })
  })

  it('names the environment variable a bad value came from', () => {
    expect(() => parseArgs([], { DATABASE_URL: 'oracle://db' })).toThrow(
      "--storage must be 'memory', postgres://…, mysql://… or sqlite:<path>, got 'oracle://db' (from DATABASE_URL)",
    )
    expect(() => parseArgs([], { REALITY_PG_NOTIFY: '1' })).toThrow('--pg-notify needs --storage postgres://')
    expect(() => parseArgs(['--refresh-interval', '0'], {})).toThrow('--refresh-interval must be an integer from 1')
  })
})
