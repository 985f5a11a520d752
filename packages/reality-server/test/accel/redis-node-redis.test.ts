import { createClient } from 'redis'
import { createRedisAccelerator } from '../../src'
import { startRedisProcess } from '../cluster/harness/redis-process'
import { runAcceleratorConformance } from './conformance'

runAcceleratorConformance('redis (node-redis, publisher and subscriber given)', async () => {
  const redis = await startRedisProcess()
  const clients: { destroy(): void }[] = []
  const client = () => {
    const created = createClient({ url: redis.url })
    // node-redis throws an 'error' nobody listens to; the accelerator's listener goes on close.
    created.on('error', () => {})
    clients.push(created)
    return created
  }
  return {
    // Unconnected clients on purpose: the accelerator connects what it is given.
    create: () =>
      createRedisAccelerator({ publisher: client(), subscriber: client(), channel: 'conformance:node-redis' }),
    stop: redis.stop,
    start: redis.start,
    dispose: async () => {
      for (const created of clients) created.destroy()
      await redis.stop()
    },
  }
})
