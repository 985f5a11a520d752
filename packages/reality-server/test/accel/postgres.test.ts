import pg from 'pg'
import { createPostgresAccelerator } from '../../src'
import { startTcpProxy } from '../cluster/harness/tcp-proxy'
import { runAcceleratorConformance } from './conformance'

// The shared PostgreSQL must stay up for other tests: outages cut a proxy in front of it.
runAcceleratorConformance('postgres LISTEN/NOTIFY (pg Pool)', async () => {
  const proxy = await startTcpProxy(5432)
  const pools: pg.Pool[] = []
  return {
    create: () => {
      const pool = new pg.Pool({ host: '127.0.0.1', port: proxy.port, user: 'postgres', database: 'test', max: 3 })
      // A pool whose idle clients break emits errors; the accelerator reports its own.
      pool.on('error', () => {})
      pools.push(pool)
      return createPostgresAccelerator({ pool, channel: 'reality:conformance' })
    },
    stop: proxy.stop,
    start: proxy.start,
    dispose: async () => {
      await Promise.all(pools.map((pool) => pool.end()))
      await proxy.stop()
    },
  }
})
