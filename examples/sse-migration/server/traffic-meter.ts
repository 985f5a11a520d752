import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

/** What one app's endpoints cost, counted on the server. */
export interface Traffic {
  /** Requests to the app's endpoints (its page and script are not counted). */
  requests: number
  /** Bytes read and written on the sockets for those requests, headers included. */
  bytes: number
  /** Payloads (one quote) the server produced and sent. */
  payloads: number
  /** Responses open right now. */
  open: number
  /** Sum over responses of the time each was open, in ms (open ones up to now). */
  openMs: number
  /** The longest any response stayed open, in ms (open ones up to now). */
  longestMs: number
}

interface OpenRequest {
  socket: Socket
  base: number
  started: number
}

const socketBytes = (socket: Socket): number => socket.bytesRead + socket.bytesWritten

/**
 * Counts an app's traffic on the server's own sockets. Browsers send one request at a time on a keep-alive socket,
 * so the bytes a socket moved from the end of one response to the end of the next belong to the next request:
 * every request moves the socket's checkpoint, counted ones add what moved since it.
 */
export class TrafficMeter {
  #requests = 0
  #bytes = 0
  #payloads = 0
  #openMs = 0
  #longestMs = 0
  readonly #checkpoints = new WeakMap<Socket, number>()
  readonly #open = new Set<OpenRequest>()

  /** Call for every request the app's server gets; `counted` says whether it is one of the app's endpoints. */
  observe(req: IncomingMessage, res: ServerResponse, counted: boolean): void {
    const { socket } = req
    const request: OpenRequest = { socket, base: this.#checkpoints.get(socket) ?? 0, started: performance.now() }
    if (counted) {
      this.#requests++
      this.#open.add(request)
    }
    res.once('close', () => {
      const now = socketBytes(socket)
      this.#checkpoints.set(socket, now)
      if (!counted) return
      this.#open.delete(request)
      this.#bytes += now - request.base
      const ms = performance.now() - request.started
      this.#openMs += ms
      this.#longestMs = Math.max(this.#longestMs, ms)
    })
  }

  /** One payload sent to one client. */
  payload(): void {
    this.#payloads++
  }

  snapshot(): Traffic {
    const now = performance.now()
    let bytes = this.#bytes
    let openMs = this.#openMs
    let longestMs = this.#longestMs
    for (const request of this.#open) {
      bytes += socketBytes(request.socket) - request.base
      openMs += now - request.started
      longestMs = Math.max(longestMs, now - request.started)
    }
    return {
      requests: this.#requests,
      bytes,
      payloads: this.#payloads,
      open: this.#open.size,
      openMs: Math.round(openMs),
      longestMs: Math.round(longestMs),
    }
  }
}
