/*
 * One face for the two Redis clients users bring: ioredis (`status`, `on('message')`) and
 * node-redis v4+ (`isReady`, `subscribe(channel, listener)`). Clients are duck-typed, never
 * imported, so the server package loads without either installed.
 */

type Listener = (...args: unknown[]) => void

interface Emitter {
  on(event: string, listener: Listener): unknown
  removeListener(event: string, listener: Listener): unknown
}

interface IORedisClient extends Emitter {
  status: string
  publish(channel: string, message: string): Promise<unknown>
  subscribe(channel: string): Promise<unknown>
  unsubscribe(channel: string): Promise<unknown>
  duplicate(): IORedisClient
  connect(): Promise<unknown>
  disconnect(): void
}

interface NodeRedisClient extends Emitter {
  isOpen: boolean
  isReady: boolean
  publish(channel: string, message: string): Promise<unknown>
  subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<unknown>
  unsubscribe(channel: string): Promise<unknown>
  duplicate(): NodeRedisClient
  connect(): Promise<unknown>
  destroy?(): void
  disconnect?(): Promise<unknown>
}

/** A connection as the Redis accelerator sees it. */
export interface RedisConnection {
  ready(): boolean
  /** Connects a client the user created but did not connect (lazyConnect, node-redis). */
  ensureConnected(): void
  publish(channel: string, message: string): Promise<unknown>
  subscribe(channel: string, onMessage: (text: string) => void): Promise<unknown>
  unsubscribe(channel: string): Promise<unknown>
  /** Listens for the connection coming up, failing, or closing; returns the remover. */
  watch(handlers: { ready: () => void; lost: (error?: unknown) => void }): () => void
  /** A second connection to the same server, owned (and destroyed) by the accelerator. */
  duplicate(): RedisConnection
  destroy(): void
}

const noop = (): void => {}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

const listen = (client: Emitter, events: Record<string, Listener>): (() => void) => {
  for (const [event, listener] of Object.entries(events)) client.on(event, listener)
  return () => {
    for (const [event, listener] of Object.entries(events)) client.removeListener(event, listener)
  }
}

/**
 * A connection the accelerator made for itself (the subscriber duplicated from the app's client) keeps a no-op error
 * listener for good: while open its errors reach `watch`, and after `close` a late one (an ECONNRESET as it is torn
 * down) must not find it without a listener, which would crash the process.
 */
const owned = <T extends Emitter>(client: T): T => {
  client.on('error', noop)
  return client
}

const fromIORedis = (client: IORedisClient): RedisConnection => {
  let onMessage: Listener | undefined
  return {
    ready: () => client.status === 'ready',
    ensureConnected: () => {
      if (client.status === 'wait') client.connect().catch(noop)
    },
    publish: (channel, message) => client.publish(channel, message),
    subscribe: (channel, deliver) => {
      if (!onMessage) {
        onMessage = (from, text) => {
          if (from === channel && typeof text === 'string') deliver(text)
        }
        client.on('message', onMessage)
      }
      return client.subscribe(channel)
    },
    unsubscribe: (channel) => {
      if (onMessage) client.removeListener('message', onMessage)
      onMessage = undefined
      return client.unsubscribe(channel)
    },
    watch: ({ ready, lost }) =>
      listen(client, { ready: () => ready(), error: (error) => lost(error), close: () => lost() }),
    duplicate: () => fromIORedis(owned(client.duplicate())),
    destroy: () => client.disconnect(),
  }
}

const fromNodeRedis = (client: NodeRedisClient): RedisConnection => ({
  ready: () => client.isReady,
  ensureConnected: () => {
    if (!client.isOpen) client.connect().catch(noop)
  },
  publish: (channel, message) => client.publish(channel, message),
  subscribe: (channel, onMessage) => client.subscribe(channel, (text) => onMessage(text)),
  unsubscribe: (channel) => client.unsubscribe(channel),
  watch: ({ ready, lost }) =>
    listen(client, { ready: () => ready(), error: (error) => lost(error), end: () => lost() }),
  duplicate: () => fromNodeRedis(owned(client.duplicate())),
  destroy: () => {
    if (typeof client.destroy === 'function') client.destroy()
    else client.disconnect?.().catch(noop)
  },
})

/** Wraps an ioredis or node-redis client; throws a TypeError for anything else. */
export const toRedisConnection = (client: unknown, role: string): RedisConnection => {
  if (isObject(client) && typeof client.publish === 'function' && typeof client.on === 'function') {
    if (typeof client.status === 'string') return fromIORedis(client as unknown as IORedisClient)
    if (typeof client.isReady === 'boolean') return fromNodeRedis(client as unknown as NodeRedisClient)
  }
  throw new TypeError(`redis ${role}: expected an ioredis or node-redis (v4+) client`)
}
