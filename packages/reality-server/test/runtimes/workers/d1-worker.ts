// The Workers snippet on the storage that fits Workers: SQLStorage's sqlite dialect over a D1 binding,
// shared by every isolate and kept across restarts. No serverId, so each isolate names itself.
import { env } from 'cloudflare:workers'
import { createD1Executor, createRealityServer, SQLStorage } from '@rootlodge/reality-server'

const server = createRealityServer(
  { adminToken: env.REALITY_ADMIN_TOKEN, limits: { maxBodyBytes: Number(env.REALITY_BODY_LIMIT) } },
  new SQLStorage({ executor: createD1Executor(env.DB), dialect: 'sqlite' }),
)

export default {
  fetch: server.getFetchHandler('/reality'),
}
