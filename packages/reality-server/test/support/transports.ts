import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import express from 'express'
import Fastify from 'fastify'
import { createExpressMiddleware, createFastifyPlugin, createNodeHandler, type RealityServer } from '../../src'
import { type Listening, listen, listenNode } from './listen'

/** A RealityServer served over real HTTP; `base` is the mount point, e.g. `http://127.0.0.1:4321/reality`. */
export interface Served extends Listening {
  base: string
}

/** One way of putting a RealityServer on a port. */
export interface Transport {
  name: string
  /** True when an unknown route gets our JSON 404 (Express answers its own 404 page instead). */
  jsonNotFound: boolean
  serve(server: RealityServer): Promise<Served>
}

const mounted = (listening: Listening): Served => ({ ...listening, base: `${listening.origin}/reality` })

/** The direct node:http handler, the fetch handler behind @hono/node-server, Express 5 middleware and the Fastify plugin. */
export const TRANSPORTS: Transport[] = [
  {
    name: 'node:http handler',
    jsonNotFound: true,
    serve: async (server) => mounted(await listenNode(createNodeHandler(server))),
  },
  {
    name: 'fetch handler (@hono/node-server)',
    jsonNotFound: true,
    serve: async (server) =>
      mounted(
        await listen(serve({ fetch: server.getFetchHandler('/reality'), port: 0, hostname: '127.0.0.1' }) as Server),
      ),
  },
  {
    name: 'Express 5 middleware',
    jsonNotFound: false,
    serve: async (server) => {
      const app = express()
      app.use('/reality', createExpressMiddleware(server))
      return mounted(await listenNode(app))
    },
  },
  {
    name: 'Fastify 5 plugin',
    // Fastify answers paths outside the plugin's routes with its own 404.
    jsonNotFound: false,
    serve: async (server) => {
      const app = Fastify()
      await app.register(createFastifyPlugin(server), { prefix: '/reality' })
      const origin = await app.listen({ port: 0, host: '127.0.0.1' })
      return { origin, port: Number(new URL(origin).port), base: `${origin}/reality`, close: () => app.close() }
    },
  },
]
