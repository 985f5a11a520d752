#!/usr/bin/env node
import { createRealityHttpServer } from '../http/node-server/reality-http-server'
import { createRealityServer } from '../server'
import { CliError, parseArgs, USAGE } from './args'
import { VERSION } from './version'

/** `reality-server`: a standalone sync server on memory storage. */
const main = (): void => {
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
  for (const warning of config.warnings) console.error(`reality-server: warning: ${warning}`)
  const rateLimited = config.rateLimitMax !== undefined || config.rateLimitWindowMs !== undefined
  const reality = createRealityServer({
    serverId: config.serverId,
    peers: config.peers,
    cors: config.cors ? { origins: config.cors } : undefined,
    adminToken: config.adminToken,
    debug: config.debug,
    limits: {
      ...(config.maxBodyBytes ? { maxBodyBytes: config.maxBodyBytes } : {}),
      ...(config.maxKeysPerRequest ? { maxKeysPerRequest: config.maxKeysPerRequest } : {}),
    },
    rateLimit: rateLimited ? { windowMs: config.rateLimitWindowMs, maxRequests: config.rateLimitMax } : undefined,
    onError: (error) => console.error('reality-server:', error),
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
        `Reality server ${reality.serverId} listening on http://${host}:${address.port}${config.prefix} (memory storage)`,
      )
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
    // Requests in flight finish, new ones get 503 + Retry-After; past the timeout the rest are cut.
    http
      .close({ timeoutMs: config.shutdownTimeoutMs })
      .then(() => reality.close())
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

main()
