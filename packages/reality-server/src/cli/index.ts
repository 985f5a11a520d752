#!/usr/bin/env node
import { createRealityHttpServer } from '../http/node-server/reality-http-server'
import { createConsoleLogger } from '../logging/logger'
import { createRealityServer } from '../server'
import { CliError, parseArgs, USAGE } from './args'
import { MissingDriverError } from './drivers'
import { type OpenedStorage, openStorage } from './storage-from-url'
import { VERSION } from './version'

/** `reality-server`: a standalone sync server on memory, PostgreSQL, MySQL or SQLite storage. */
const main = async (): Promise<void> => {
  let config: ReturnType<typeof parseArgs>
  try {
    config = parseArgs(process.argv.slice(2), process.env)
  } catch (error) {
    if (error instanceof CliError) {
      console.error(`reality-server: ${error.message}`)
      process.exit(2)
    }
    throw error
  }
  if (config.help) {
    process.stdout.write(USAGE)
    return
  }
  if (config.version) {
    console.log(VERSION)
    return
  }
  const logger = createConsoleLogger(config.debug ? 'debug' : 'info')
  let opened: OpenedStorage
  try {
    opened = await openStorage(config.store, logger)
  } catch (error) {
    if (!(error instanceof MissingDriverError)) throw error
    console.error(`reality-server: ${error.message}`)
    process.exit(2)
  }
  for (const warning of config.warnings) console.error(`reality-server: warning: ${warning}`)
  const rateLimited = config.rateLimitMax !== undefined || config.rateLimitWindowMs !== undefined
  const reality = createRealityServer({
    storage: opened.storage,
    accelerator: opened.accelerator,
    refreshInterval: config.store.refreshInterval,
    logger,
    serverId: config.serverId,
    peers: config.peers,
    cors: config.cors ? { origins: config.cors } : undefined,
    adminToken: config.adminToken,
    debug: config.debug,
    exposeMesh: config.exposeMesh,
    limits: {
      ...(config.maxBodyBytes ? { maxBodyBytes: config.maxBodyBytes } : {}),
      ...(config.maxKeysPerRequest ? { maxKeysPerRequest: config.maxKeysPerRequest } : {}),
    },
    rateLimit: rateLimited ? { windowMs: config.rateLimitWindowMs, maxRequests: config.rateLimitMax } : undefined,
  })
  // Timeouts, connection caps and a draining close(): the defaults of docs/SECURITY.md.
  const http = createRealityHttpServer(reality, {
    prefix: config.prefix,
    maxConnections: config.maxConnections,
    maxConnectionsPerIp: config.maxConnectionsPerIp,
  })
  http.listen(config.port, config.host).then(
    (address) => {
      const host = config.host.includes(':') ? `[${config.host}]` : config.host
      console.log(
        `Reality server ${reality.serverId} listening on http://${host}:${address.port}${config.prefix} (${opened.description})`,
      )
      // Creates the SQL table when missing and warms the read cache before the first client.
      void reality.readiness().then((state) => {
        if (!state.ready) logger.warn(state, 'not ready yet: the storage is not reachable')
      })
    },
    (error: Error) => {
      console.error(`reality-server: ${error.message}`)
      process.exit(1)
    },
  )
  let closing = false
  const shutdown = (signal: string): void => {
    if (closing) return
    closing = true
    console.log(`reality-server: ${signal}, closing`)
    // Load balancers see not-ready first; requests in flight finish, new ones get 503 + Retry-After; past the timeout
    // the rest are cut.
    reality.drain()
    http
      .close({ timeoutMs: config.shutdownTimeoutMs })
      .then(() => reality.close())
      .then(() => opened.close())
      .then(
        () => process.exit(0),
        (error) => {
          console.error('reality-server:', error)
          process.exit(1)
        },
      )
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
}

void main()
