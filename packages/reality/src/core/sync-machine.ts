/*
 * The sync loop of one client. At most one sync request is in flight; requests made meanwhile are merged into the
 * next batch, which starts as soon as the current one is done: never dropped, never run in parallel.
 *
 *            request                  flush                    request
 *   ┌──────┐ ──────► ┌───────────┐ ────────► ┌─────────┐ ──────────────► ┌────────┐ ◄─┐
 *   │ idle │         │ scheduled │           │ running │                 │ queued │ ──┘ request (merged)
 *   └──────┘ ◄────── └───────────┘           └─────────┘ ◄────────────── └────────┘
 *      ▲      (none)   ▲    └─┘ request          │          done: the queued batch
 *      └───────────────┼─────────────────────────┘          starts at once
 *                      │         done
 *
 * `scheduled` lasts until the end of the current microtask queue, so everything asked for in one tick (several
 * components mounting, focus and visibility firing together) goes out in one request.
 */

export type SyncPhase = 'idle' | 'scheduled' | 'running' | 'queued'
export type SyncEvent = 'request' | 'flush' | 'done'

const TRANSITIONS: Record<SyncPhase, Partial<Record<SyncEvent, SyncPhase>>> = {
  idle: { request: 'scheduled' },
  scheduled: { request: 'scheduled', flush: 'running' },
  running: { request: 'queued', done: 'idle' },
  queued: { request: 'queued', done: 'running' },
}

/** The phase after `event`; an event that does not apply leaves the phase as it is. */
export const nextPhase = (phase: SyncPhase, event: SyncEvent): SyncPhase => TRANSITIONS[phase][event] ?? phase
