import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import { addressKey } from '../../ratelimit/address-key'

/** Open connections per address, and the ones refused because their address had too many. */
export interface PerIpCap {
  /** Addresses with open connections: the table's size, never more than the open connections. */
  readonly addresses: number
  readonly refused: number
}

/**
 * Caps open connections per IPv4 address or IPv6 /64: a connection over the cap is destroyed as it
 * arrives, before a byte is parsed. The table holds only addresses with open connections (an entry
 * goes with its last connection), so it is bounded by the server's total connection cap.
 */
export const capConnectionsPerIp = (server: Server, max: number): PerIpCap => {
  const open = new Map<string, number>()
  let refused = 0
  const release = (key: string): void => {
    const left = (open.get(key) ?? 1) - 1
    if (left === 0) open.delete(key)
    else open.set(key, left)
  }
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress
    if (address === undefined) {
      socket.destroy() // already gone
      return
    }
    const key = addressKey(address)
    const count = open.get(key) ?? 0
    if (count >= max) {
      refused++
      socket.destroy()
      return
    }
    open.set(key, count + 1)
    socket.once('close', () => release(key))
  })
  return {
    get addresses() {
      return open.size
    },
    get refused() {
      return refused
    },
  }
}
