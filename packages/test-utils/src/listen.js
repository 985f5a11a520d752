/**
 * Starts a node:http (or net) server on `host` (default 127.0.0.1) and `port` (default 0: a free one), or takes it as
 * it is when it already listens. `close` also drops keep-alive connections, which would otherwise hold it open.
 */
export const listen = async (server, { port = 0, host = '127.0.0.1' } = {}) => {
  if (!server.listening) {
    await new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  }
  const address = server.address()
  const bound = address.address.includes(':') ? `[${address.address}]` : address.address
  return {
    port: address.port,
    origin: `http://${bound}:${address.port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections?.()
      }),
  }
}
