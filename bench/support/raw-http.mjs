import { connect } from 'node:net'

/**
 * One exchange on a fresh TCP connection, written by `write(socket)` byte for byte (for requests
 * node:http would refuse to send: lying lengths, garbage, bodies that trickle in). Resolves with
 * the response status, or with how the connection ended without one: `closed`, `reset` or `timeout`.
 */
export const rawExchange = (port, write, { timeoutMs = 30_000 } = {}) =>
  new Promise((resolve) => {
    let head = ''
    let status
    let remaining
    let settled = false
    const finish = (outcome) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve(outcome)
    }
    const socket = connect(port, '127.0.0.1', () => write(socket))
    const timer = setTimeout(() => finish(status ?? 'timeout'), timeoutMs)
    socket.setNoDelay(true)
    socket.on('data', (chunk) => {
      if (status === undefined) {
        head += chunk.toString('latin1')
        const end = head.indexOf('\r\n\r\n')
        if (end === -1) return
        status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0)
        const length = /\r\ncontent-length: *(\d+)/i.exec(head.slice(0, end))
        // Without a length the server closes after the body (node's parser errors do).
        remaining = length ? Number(length[1]) - (head.length - end - 4) : Number.POSITIVE_INFINITY
      } else remaining -= chunk.length
      if (remaining <= 0) finish(status)
    })
    socket.on('error', (error) => finish(status ?? (error.code === 'ECONNRESET' ? 'reset' : 'closed')))
    socket.on('close', () => finish(status ?? 'closed'))
  })

/** The head of a POST, ending with the blank line. */
export const postHead = (path, headers) =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`
