import { connect, createServer } from 'node:net'

/**
 * A TCP proxy on a free loopback port in front of 127.0.0.1:`port` that counts every byte it carries, both
 * directions: what the sockets behind it put on the wire, headers and frames included.
 */
export const countingProxy = async (port) => {
  let bytes = 0
  const count = (chunk) => {
    bytes += chunk.length
  }
  const server = createServer((client) => {
    const upstream = connect(port, '127.0.0.1')
    client.on('data', count).pipe(upstream)
    upstream.on('data', count).pipe(client)
    client.on('error', () => upstream.destroy()).on('close', () => upstream.destroy())
    upstream.on('error', () => client.destroy()).on('close', () => client.destroy())
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    bytes: () => bytes,
    close: () => server.close(),
  }
}
