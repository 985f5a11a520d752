import type { IncomingMessage, ServerResponse } from 'node:http'
import { ROUTES } from '@rootlodge/reality/types'
import type { RealityCore } from '../core/reality-core'
import { handleNodeRequest } from './node'

/*
 * Fastify is typed structurally (no `import 'fastify'`), so the root entry neither loads nor
 * requires Fastify's types. The plugin hands Fastify's raw req/res to the node:http bridge:
 * the same body limits, status codes and JSON errors as every other adapter.
 */

type ContentTypeDone = (error: Error | null, body?: unknown) => void

/** The part of a Fastify instance the plugin uses. */
export interface FastifyInstanceLike {
  /** Drops the instance's body parsers inside the plugin, so Reality reads bodies under its own limit. */
  removeAllContentTypeParsers(): void
  /** Registers the catch-all parser that leaves the body unread for Reality. */
  addContentTypeParser(
    contentType: string,
    parser: (request: unknown, payload: unknown, done: ContentTypeDone) => void,
  ): void
  /** Registers a route for every method (one per path of `ROUTES`). */
  all(
    path: string,
    handler: (
      request: { raw: IncomingMessage; user?: unknown },
      reply: { raw: ServerResponse; hijack(): void },
    ) => Promise<void> | undefined,
  ): unknown
}

/**
 * A Fastify plugin serving the Reality routes (`ROUTES`: `/sync`, `/health`, `/invalidate`,
 * `/mesh`) under the prefix it is registered with. Encapsulated: its body handling does not
 * change the rest of your app.
 *
 * @example
 * await fastify.register(createFastifyPlugin(server), { prefix: '/reality' })
 */
export const createFastifyPlugin =
  (server: RealityCore) =>
  async (instance: FastifyInstanceLike): Promise<void> => {
    // Leave the body stream unread (whatever the content type) so the bridge reads it under
    // our own limit and answers our own 400/413, not Fastify's error shapes.
    instance.removeAllContentTypeParsers()
    instance.addContentTypeParser('*', (_request, _payload, done) => done(null))
    for (const { path } of ROUTES) {
      instance.all(path, (request, reply) => {
        reply.hijack()
        return handleNodeRequest(server, request.raw, reply.raw, { user: request.user }).catch((error) => {
          server.reportError(error)
          if (!reply.raw.headersSent) reply.raw.writeHead(500).end()
        })
      })
    }
  }
