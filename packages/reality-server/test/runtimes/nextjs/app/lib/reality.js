import { createRealityServer } from '@rootlodge/reality-server'

// One server per Node process, shared by every route module: Next may evaluate a module once per
// route bundle, so the instance lives on globalThis rather than in module scope.
const slot = Symbol.for('reality-next-test-server')

globalThis[slot] ??= createRealityServer({
  serverId: 'next',
  adminToken: process.env.REALITY_ADMIN_TOKEN,
  limits: { maxBodyBytes: Number(process.env.REALITY_BODY_LIMIT ?? 262144) },
})

export const server = globalThis[slot]
