import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  createRealityServer,
  createSQLStorage,
  type RealityServer,
  type RealityStorage,
  type SSEOptions,
} from '../../src'
import { dropTable, pgPool, pgQuery, uniqueName } from '../storage/databases'

/*
 * An app with an SSE compat endpoint, as the server README shows it: `GET /events` answers with
 * `server.handleSSECompat(req, options)` and forwards the Response; `GET /` is an empty page for a browser.
 * It records how long each /events response stayed open. Stop and start it again on the same port to restart it:
 * nothing but the storage (a PostgreSQL table) survives.
 */

export interface SSEApp {
  readonly origin: string
  readonly port: number
  readonly server: RealityServer
  /** Milliseconds from request to the end of the response, one per /events request served. */
  readonly durations: number[]
  stop(): Promise<void>
}

/** Writes a fetch Response to a node:http response: the forwarding the README shows for Express. */
export const forward = async (response: Response, res: ServerResponse): Promise<void> => {
  res.writeHead(response.status, Object.fromEntries(response.headers))
  res.end(await response.text())
}

export const startSSEApp = async (
  storage: RealityStorage,
  options: SSEOptions,
  port = 0,
  durations: number[] = [],
): Promise<SSEApp> => {
  const server = createRealityServer({ serverId: `sse-${process.pid}` }, storage)
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.url?.startsWith('/events')) {
      const started = performance.now()
      res.on('finish', () => durations.push(performance.now() - started))
      await forward(await server.handleSSECompat(req, options), res)
      return
    }
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>sse</title>')
  }
  const http: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)))
  })
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(port, '127.0.0.1', () => resolve())
  })
  const bound = (http.address() as AddressInfo).port
  return {
    origin: `http://127.0.0.1:${bound}`,
    port: bound,
    server,
    durations,
    stop: async () => {
      await new Promise<void>((resolve) => {
        http.close(() => resolve())
        http.closeAllConnections()
      })
      await server.close()
    },
  }
}

/** A PostgreSQL table for one test: a storage over a new pool each time (as a restarted process opens one). */
export const pgTable = () => {
  const table = uniqueName('sse')
  const pools: ReturnType<typeof pgPool>[] = []
  return {
    storage: (): RealityStorage => {
      const pool = pgPool()
      pools.push(pool)
      return createSQLStorage({ executor: { query: pgQuery(pool) }, dialect: 'postgres', tableName: table })
    },
    drop: async () => {
      const admin = pgPool({ max: 1 })
      await dropTable(pgQuery(admin), 'postgres', table)
      await Promise.all([...pools.splice(0), admin].map((pool) => pool.end()))
    },
  }
}
