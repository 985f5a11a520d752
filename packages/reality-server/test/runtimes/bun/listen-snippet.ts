import { createRealityServer } from '@rootlodge/reality-server'

// server.listen() with the seeds' `port`/`host` options: Bun.serve under the hood.
const server = createRealityServer({
  serverId: 'bun-listen',
  port: 0,
  host: '127.0.0.1',
  adminToken: process.env.REALITY_ADMIN_TOKEN,
  limits: { maxBodyBytes: Number(process.env.REALITY_BODY_LIMIT ?? 262144) },
})

export const listening = await server.listen()
