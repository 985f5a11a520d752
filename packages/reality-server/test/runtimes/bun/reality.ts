// The RealityServer both Bun snippets serve, from the BUILT package.
import { createRealityServer } from '@rootlodge/reality-server'

export const server = createRealityServer({
  serverId: 'bun',
  adminToken: process.env.REALITY_ADMIN_TOKEN,
  limits: { maxBodyBytes: Number(process.env.REALITY_BODY_LIMIT ?? 262144) },
})
