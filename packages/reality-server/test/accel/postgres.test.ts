import { PG_CONFIG } from '@reality-internal/test-utils'
import pg from 'pg'
import { createPostgresAccelerator } from '../../src'
import { startTcpProxy } from '../cluster/harness/tcp-proxy'
import { runAcceleratorConformance } from './conformance'

// The shared PostgreSQL must stay up for other tests: outages cut a proxy in front of it.
runAcceleratorConformance('postgres LISTEN/NOTIFY (pg Pool)', async () => {
  const proxy = await startTcpProxy(PG_CONFIG.port)
  const pools: pg.Pool[] = []
  return {
    create: () => {
      const pool = new pg.Pool({ ...PG_CONFIG, port: proxy.port, max: 3 })
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
