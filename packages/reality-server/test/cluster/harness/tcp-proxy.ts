import { createConnection, createServer, type Server, type Socket } from 'node:net'
import { freePort } from './ports'

/**
 * A TCP proxy on a free loopback port to a service the tests must not stop (the shared
 * PostgreSQL): `stop()` refuses new connections and cuts every open one, as a crashed or
 * unreachable server would; `start()` serves again on the same port.
 */
export interface TcpProxy {
  readonly port: number
  stop(): Promise<void>
  start(): Promise<void>
}

export const startTcpProxy = async (targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> => {
  const port = await freePort()
  const sockets = new Set<Socket>()
  let server: Server | undefined
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
        client.pipe(upstream).pipe(client)
        const cut = (): void => {
          client.destroy()
          upstream.destroy()
        }
        client.once('error', cut)
        upstream.once('error', cut)
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
  return { port, stop, start }
}
