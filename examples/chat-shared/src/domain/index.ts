/**
 * @module
 * The chat's domain, shared by both servers and both clients: the event-sourced room
 * (events, fold, snapshots), hybrid logical clocks, observed-remove reaction sets, the API shapes.
 */
export * from './api'
export * from './events'
export * from './hlc'
export * from './keys'
export * from './message'
export * from './reactions'
export * from './room-view'
export * from './timeline'
