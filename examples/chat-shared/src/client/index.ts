/**
 * @module
 * The browser half both chat examples share: identity, the in-order outbox (optimistic,
 * offline-safe), presence beacons, typing signals, the traffic meter and toasts.
 */
export * from './chat-session'
export * from './identity'
export * from './notices'
export * from './outbox'
export * from './presence-signals'
export * from './store'
export * from './traffic-meter'
export * from './typing-signal'
