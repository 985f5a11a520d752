import { Redis } from 'ioredis'
import { createRedisAccelerator } from '../../src'
import { startRedisProcess } from '../cluster/harness/redis-process'
import { runAcceleratorConformance } from './conformance'

runAcceleratorConformance('redis (ioredis, one client duplicated for subscribing)', async () => {
  const redis = await startRedisProcess()
  const clients: Redis[] = []
  return {
    create: () => {
      const client = new Redis({ port: redis.port, host: '127.0.0.1' })
      // Ours for after the accelerator closed (it removes its own listeners then).
      client.on('error', () => {})
      clients.push(client)
      return createRedisAccelerator({ redis: client, channel: 'conformance:ioredis' })
    },
    stop: redis.stop,
    start: redis.start,
    dispose: async () => {
      for (const client of clients) client.disconnect()
      await redis.stop()
    },
  }
})
