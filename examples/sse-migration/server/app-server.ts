import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { appPage } from './pages'
import { type Traffic, TrafficMeter } from './traffic-meter'

/** One of the two apps, on its own port so that its sockets carry its traffic only. */
export interface AppServer {
  readonly origin: string
  traffic(): Traffic
  stop(): Promise<void>
}

export interface AppDefinition {
  title: string
  /** The page's bundled script, built by `build.mjs` into `dist/`. */
  script: URL
  /** Answers the app's endpoints; returns false for a path it does not serve. */
  route(req: IncomingMessage, res: ServerResponse, meter: TrafficMeter): Promise<boolean> | boolean
}

export const startAppServer = async (app: AppDefinition, port = 0): Promise<AppServer> => {
  const meter = new TrafficMeter()
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://app').pathname
    // The page and its script are the same for both apps: only the endpoints behind them are counted.
    const asset = path === '/' || path === '/app.js'
    meter.observe(req, res, !asset)
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(appPage(app.title))
    } else if (path === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(await readFile(app.script))
    } else if (!(await app.route(req, res, meter))) {
      res.writeHead(404).end()
    }
  }
  const http: Server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500)
      res.end(String(error))
    })
  })
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(port, '127.0.0.1', () => resolve())
  })
  return {
    origin: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    traffic: () => meter.snapshot(),
    stop: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve())
        http.closeAllConnections()
      }),
  }
}
