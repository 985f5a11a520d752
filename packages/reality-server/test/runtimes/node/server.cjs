// The same server through require(): the BUILT package's CommonJS entry.
const { createServer } = require('node:http')
const { createNodeHandler, createRealityServer } = require('@rootlodge/reality-server')

const server = createRealityServer({
  serverId: 'node-cjs',
  adminToken: process.env.REALITY_ADMIN_TOKEN,
  limits: { maxBodyBytes: Number(process.env.REALITY_BODY_LIMIT ?? 262144) },
})

const http = createServer(createNodeHandler(server))
http.listen(0, '127.0.0.1', () => {
  const ready = { runtime: 'node', version: process.versions.node, ports: { main: http.address().port } }
  console.log(JSON.stringify(ready))
})
