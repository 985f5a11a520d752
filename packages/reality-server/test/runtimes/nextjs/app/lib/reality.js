import { createEmbeddedRealityServer } from '@rootlodge/reality-server'

// One server per Node process, shared by every route file: Next may evaluate a module once per route
// bundle, and the embedded server is kept on globalThis by its serverId (hot reloads reuse it too).
export const { server } = createEmbeddedRealityServer({
  serverId: 'next',
  adminToken: process.env.REALITY_ADMIN_TOKEN,
  limits: { maxBodyBytes: Number(process.env.REALITY_BODY_LIMIT ?? 262144) },
})
