import { createConnection, createServer, type Server, type Socket } from 'node:net'
import { freePort } from './ports'

/**
 * A TCP proxy on a free loopback port to a service the tests must not stop (the shared
 * PostgreSQL): `stop()` refuses new connections and cuts every open one, as a crashed or
 * unreachable server would; `start()` serves again on the same port. `delay(ms)` holds what
 * clients send for that long before passing it on (in order), as a slow network would: a
 * statement the client gave up on still reaches the database, late.
 */
export interface TcpProxy {
  readonly port: number
  stop(): Promise<void>
  start(): Promise<void>
  delay(ms: number): void
}

export const startTcpProxy = async (targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> => {
  const port = await freePort()
  const sockets = new Set<Socket>()
  let server: Server | undefined
  let delayMs = 0
  const track = (socket: Socket): void => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  }
  const start = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const listening = createServer((client) => {
        const upstream = createConnection({ port: targetPort, host: targetHost })
        track(client)
        track(upstream)
        upstream.pipe(client)
        // Chunks leave in order: none is released before the one sent ahead of it.
        let releaseAt = 0
        const later = (send: () => void): void => {
          releaseAt = Math.max(Date.now() + delayMs, releaseAt)
          if (releaseAt <= Date.now()) send()
          else setTimeout(send, releaseAt - Date.now())
        }
        client.on('data', (chunk) => later(() => upstream.write(chunk)))
        client.once('end', () => later(() => upstream.end()))
        const cut = (): void => {
          client.destroy()
          upstream.destroy()
        }
        client.on('error', cut)
        upstream.on('error', cut)
        client.once('close', cut)
        upstream.once('close', cut)
      })
      listening.once('error', reject)
      listening.listen(port, '127.0.0.1', () => {
        server = listening
        resolve()
      })
    })
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      const listening = server
      server = undefined
      for (const socket of sockets) socket.destroy()
      if (!listening) return resolve()
      listening.close(() => resolve())
    })
  await start()
  return {
    port,
    stop,
    start,
    delay: (ms) => {
      delayMs = ms
    },
  }
}
