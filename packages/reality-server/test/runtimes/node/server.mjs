// The direct node:http handler on the BUILT package (ESM), started by node-http.test.ts and bench/runtimes.mjs.
import { createServer } from 'node:http'
import { createNodeHandler, createRealityServer } from '@rootlodge/reality-server'

const server = createRealityServer({
  serverId: 'node',
  adminToken: process.env.REALITY_ADMIN_TOKEN,
  limits: { maxBodyBytes: Number(process.env.REALITY_BODY_LIMIT ?? 262144) },
})

const http = createServer(createNodeHandler(server))
http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const ready = { runtime: 'node', version: process.versions.node, ports: { main: http.address().port } }
  console.log(JSON.stringify(ready))
})
