// The API guide's Workers snippet on the default memory storage: works inside one isolate, but each
// isolate has its own versions (workers.test.ts shows it). No serverId, so each isolate names itself.
import { env } from 'cloudflare:workers'
import { createRealityServer } from '@rootlodge/reality-server'

const server = createRealityServer({ adminToken: env.REALITY_ADMIN_TOKEN })

// --- API guide (001), "With Cloudflare Workers", unchanged ---
export default {
  fetch: server.getFetchHandler('/reality'),
}
