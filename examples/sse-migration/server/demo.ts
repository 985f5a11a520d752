import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type AppServer, startAppServer } from './app-server'
import { newApp } from './new-app'
import { oldApp } from './old-app'
import { indexPage } from './pages'
import { QuoteBoard } from './quote-board'
import { playScript } from './ticker-script'

export interface Demo {
  /** The side-by-side page. */
  readonly url: string
  readonly old: AppServer
  readonly new: AppServer
  readonly board: QuoteBoard
  /** Starts the scripted update stream (once); `speed` 1 is real time. */
  play(speed?: number): void
  stop(): Promise<void>
}

/**
 * Both apps over one quote board, each on its own port, and the page that shows them side by side with their
 * counters (`/`, `/stats`) on `port`. The script is not started: `play()` starts it, a test drives the board itself.
 */
export const startDemo = async (port = 0): Promise<Demo> => {
  const board = new QuoteBoard()
  const after = newApp(board)
  const oldServer = await startAppServer(oldApp(board))
  const newServer = await startAppServer(after)
  const page = indexPage(oldServer.origin, newServer.origin)
  const http: Server = createServer((req, res) => {
    if (req.url === '/stats') {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ old: oldServer.traffic(), new: newServer.traffic() }))
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page)
    }
  })
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(port, '127.0.0.1', () => resolve())
  })
  let stopScript: (() => void) | undefined
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/`,
    old: oldServer,
    new: newServer,
    board,
    play: (speed = 1) => {
      stopScript ??= playScript((quote) => board.set(quote), speed)
    },
    stop: async () => {
      stopScript?.()
      await new Promise<void>((resolve) => {
        http.close(() => resolve())
        http.closeAllConnections()
      })
      await Promise.all([oldServer.stop(), newServer.stop()])
      await after.close()
    },
  }
}
