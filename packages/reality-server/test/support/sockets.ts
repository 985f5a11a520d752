import { connect, type Socket } from 'node:net'
import { MemoryStorage } from '../../src'

/** A raw TCP connection, what it received, and a promise of its closing (by either side). */
export interface RawConnection {
  socket: Socket
  received: () => string
  /** Resolves once the text received contains `text`. */
  until: (text: string) => Promise<void>
  closed: Promise<void>
}

/** Opens a TCP connection to 127.0.0.1:`port` (from `localAddress` if given) and waits for it. */
export const openRaw = (port: number, localAddress?: string): Promise<RawConnection> =>
  new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress })
    let text = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      text += chunk
    })
    const until = (wanted: string): Promise<void> =>
      new Promise((done) => {
        const check = (): void => {
          if (!text.includes(wanted)) return
          socket.off('data', check)
          done()
        }
        socket.on('data', check)
        check()
      })
    // A connection the server refuses may reset: that is a close as well.
    socket.on('error', () => {})
    const closed = new Promise<void>((done) => socket.once('close', () => done()))
    socket.once('connect', () => resolve({ socket, received: () => text, until, closed }))
    closed.then(() => reject(new Error('closed before connecting')))
  })

/**
 * Connects to a server expected to refuse the connection, and resolves with what it sent before
 * closing it (nothing, for a connection destroyed on arrival). A reset before the handshake completes counts too.
 */
export const refusedConnection = (port: number): Promise<string> =>
  openRaw(port).then(
    (raw) => raw.closed.then(() => raw.received()),
    () => '',
  )

/** The status code and JSON body of the first HTTP response in `text`. */
export const parseResponse = (text: string): { status: number; headers: string; body: unknown } => {
  const status = Number(text.slice(9, 12))
  const end = text.indexOf('\r\n\r\n')
  const body = text.slice(end + 4)
  return { status, headers: text.slice(0, end).toLowerCase(), body: body ? JSON.parse(body) : undefined }
}

/** Memory storage whose health check waits at a gate: a request to /health stays in flight until `release()`. */
export class HeldStorage extends MemoryStorage {
  #release: () => void = () => {}
  #gate = new Promise<void>((resolve) => {
    this.#release = resolve
  })
  #entered: () => void = () => {}
  /** Resolves when a health check is waiting at the gate. */
  readonly entered = new Promise<void>((resolve) => {
    this.#entered = resolve
  })

  override async isHealthy(): Promise<boolean> {
    this.#entered()
    await this.#gate
    return true
  }

  release(): void {
    this.#release()
  }
}
