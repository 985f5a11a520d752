import { type Clock, settleWithin } from '../timing'
import { type ChannelEvents, createChannelAccelerator } from './channel'
import { type RedisConnection, toRedisConnection } from './redis-client'
import type { Accelerator } from './types'

/** Channel used when none is given; every server of one app must use the same. */
export const DEFAULT_REDIS_CHANNEL = 'reality:updates'

/** Options of `createRedisAccelerator`: one client (`redis`), or a `publisher` and a `subscriber`. */
export interface RedisAcceleratorOptions {
  /** One client (ioredis or node-redis): published on, and duplicated for subscribing. */
  redis?: unknown
  /** Client used to publish (with `subscriber`, instead of `redis`). */
  publisher?: unknown
  /** Client put in subscriber mode; it should not be used for anything else. */
  subscriber?: unknown
  /** Pub/sub channel (default `reality:updates`). */
  channel?: string
  /** Timer of the wait for an unsubscribe on close (tests pass a fake one). */
  clock?: Clock
}

const noop = (): void => {}

/**
 * Redis pub/sub acceleration: an update written on one server reaches every other server's
 * read cache at once instead of at its next refresh. Redis is never needed for correctness:
 * down from the start or lost mid-run, servers keep answering and catch up through their
 * cache; the clients reconnect by themselves (ioredis and node-redis both do) and
 * acceleration resumes. The accelerator never closes clients it was given.
 *
 * @example
 * import Redis from 'ioredis'
 * server.setRedis(createRedisAccelerator({ redis: new Redis(process.env.REDIS_URL), channel: 'reality:updates' }))
 */
export const createRedisAccelerator = (options: RedisAcceleratorOptions): Accelerator => {
  const channel = options.channel ?? DEFAULT_REDIS_CHANNEL
  const publisherClient = options.publisher ?? options.redis
  const publisher = toRedisConnection(publisherClient, 'publisher')
  const shared = options.subscriber === undefined || options.subscriber === publisherClient
  const given = shared ? undefined : toRedisConnection(options.subscriber, 'subscriber')
  let subscriber: RedisConnection | undefined
  let unwatch: (() => void)[] = []
  let closed = false

  const open = (events: ChannelEvents): void => {
    // A client in subscriber mode cannot publish: subscribe on a connection of our own.
    const sub = given ?? publisher.duplicate()
    subscriber = sub
    let subscribed = false
    let subscribing = false
    // Connected means both: hearing the channel and able to publish on it.
    const maybeUp = (): void => {
      if (subscribed && !closed && sub.ready() && publisher.ready()) events.up()
    }
    const subscribe = (): void => {
      if (subscribed || subscribing || closed) return
      subscribing = true
      sub.subscribe(channel, events.message).then(
        () => {
          subscribing = false
          subscribed = true
          maybeUp()
        },
        (error: unknown) => {
          subscribing = false
          events.down(error)
        },
      )
    }
    unwatch = [
      // Both clients resubscribe by themselves after a reconnection; a first subscribe that
      // failed (offline queue disabled, retries exhausted) is retried on the next `ready`.
      sub.watch({ ready: () => (subscribed ? maybeUp() : subscribe()), lost: (error) => events.down(error) }),
      publisher.watch({ ready: maybeUp, lost: (error) => events.down(error) }),
    ]
    publisher.ensureConnected()
    sub.ensureConnected()
    subscribe()
  }

  return createChannelAccelerator({
    kind: 'redis',
    maxBytes: 64 * 1024,
    open,
    canSend: () => publisher.ready(),
    send: (message) => publisher.publish(channel, message),
    wake: noop,
    async close() {
      closed = true
      for (const remove of unwatch) remove()
      unwatch = []
      const sub = subscriber
      subscriber = undefined
      if (!sub) return
      if (!given) sub.destroy()
      else
        await settleWithin(
          Promise.resolve().then(() => sub.unsubscribe(channel)),
          1000,
          options.clock,
        )
    },
  })
}
