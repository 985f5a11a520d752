import type { RealityNodeMeta } from '@rootlodge/reality/types'
import { decodeUpdates, type EncodedMessage, encodeUpdates } from './codec'
import type { Accelerator, AcceleratorSink, AcceleratorState } from './types'

/** What a transport (Redis, PostgreSQL) reports to the accelerator built on it. */
export interface ChannelEvents {
  /** The channel can publish and is listening again (first connection or reconnection). */
  up(): void
  /** The channel was lost; the transport reconnects by itself or on `wake`. */
  down(error?: unknown): void
  /** A raw message arrived on the channel. */
  message(text: string): void
  /** A failure that did not change the state (a publish that failed). */
  error(error: unknown): void
}

/** One pub/sub backend: connects, sends strings, hears strings. */
export interface ChannelTransport {
  readonly kind: string
  /** Largest message in bytes (PostgreSQL: 8,000). */
  readonly maxBytes: number
  open(events: ChannelEvents): void
  /** False while sending would only queue up inside the client. */
  canSend(): boolean
  send(message: string): Promise<unknown>
  wake(): void
  close(): Promise<void>
}

// Sends in flight beyond this are dropped: a hung backend must not pile up memory.
const MAX_IN_FLIGHT = 8

/**
 * Builds an accelerator on a transport: batches the publishes of one tick into one message,
 * drops its own messages, keeps counters and reports one error per outage, not one per retry.
 */
export const createChannelAccelerator = (transport: ChannelTransport): Accelerator => {
  let state: AcceleratorState = 'connecting'
  let origin = ''
  let sink: AcceleratorSink | undefined
  let buffer: RealityNodeMeta[] = []
  let inFlight = 0
  let reported = false
  const counters = { published: 0, received: 0, dropped: 0, connects: 0 }

  const report = (error: unknown): void => {
    if (reported) return
    reported = true
    sink?.error(error)
  }

  const sendAll = async (messages: EncodedMessage[]): Promise<void> => {
    for (const [i, { text, count }] of messages.entries()) {
      try {
        await transport.send(text)
        counters.published += count
      } catch (error) {
        for (const rest of messages.slice(i)) counters.dropped += rest.count
        report(error)
        return
      }
    }
  }

  const flush = (): void => {
    const nodes = buffer
    buffer = []
    if (state === 'closed') return
    if (!transport.canSend()) {
      counters.dropped += nodes.length
      transport.wake()
      return
    }
    if (inFlight >= MAX_IN_FLIGHT) {
      counters.dropped += nodes.length
      return
    }
    // The messages of one flush go one after the other: a big batch never floods the backend.
    inFlight++
    void sendAll(encodeUpdates(origin, nodes, transport.maxBytes)).finally(() => {
      inFlight--
    })
  }

  const events: ChannelEvents = {
    up: () => {
      if (state === 'closed' || state === 'connected') return
      state = 'connected'
      reported = false
      counters.connects++
      sink?.resync()
    },
    down: (error) => {
      if (state === 'closed') return
      state = 'down'
      if (error !== undefined) report(error)
    },
    message: (text) => {
      const decoded = decodeUpdates(text)
      if (!decoded || decoded.origin === origin || decoded.nodes.length === 0 || state === 'closed') return
      counters.received += decoded.nodes.length
      sink?.receive(decoded.nodes)
    },
    error: report,
  }

  return {
    kind: transport.kind,
    get state() {
      return state
    },
    start(id, target) {
      if (sink) throw new Error(`this ${transport.kind} accelerator is already started by ${origin}`)
      origin = id
      sink = target
      transport.open(events)
    },
    publish(nodes) {
      if (state === 'closed' || nodes.length === 0) return
      if (buffer.length === 0) queueMicrotask(flush)
      buffer.push(...nodes)
    },
    wake: () => {
      if (state !== 'closed') transport.wake()
    },
    stats: () => ({ kind: transport.kind, state, ...counters }),
    async close() {
      if (state === 'closed') return
      state = 'closed'
      buffer = []
      await transport.close()
    },
  }
}
