#!/usr/bin/env node
import { createServer } from 'node:http'
import { createNodeHandler } from '../http/node'
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
  })
  const http = createServer(createNodeHandler(reality, { prefix: config.prefix }))
  http.keepAliveTimeout = 5000
  http.on('error', (error) => {
    console.error(`reality-server: ${error.message}`)
    process.exit(1)
  })
  http.listen(config.port, config.host, () => {
    const address = http.address()
    const port = typeof address === 'object' && address ? address.port : config.port
    const host = config.host.includes(':') ? `[${config.host}]` : config.host
    console.log(
      `Reality server ${reality.serverId} listening on http://${host}:${port}${config.prefix} (${opened.description})`,
    )
    // Creates the SQL table when missing and warms the read cache before the first client.
    void reality.readiness().then((state) => {
      if (!state.ready) logger.warn(state, 'not ready yet: the storage is not reachable')
    })
  })
  let closing = false
  const shutdown = (signal: string): void => {
    if (closing) return
    closing = true
    console.log(`reality-server: ${signal}, closing`)
    reality.drain()
    http.close(async () => {
      await reality.close()
      await opened.close()
      process.exit(0)
    })
    http.closeIdleConnections()
    // Requests are short; anything still open after 5 s is cut.
    setTimeout(() => {
      http.closeAllConnections()
      process.exit(0)
    }, 5000).unref()
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
}

void main()
