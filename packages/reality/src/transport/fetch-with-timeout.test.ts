import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { timeoutManager } from '../managers/timeout-manager'
import { fetchWithTimeout } from './fetch-with-timeout'

// Real sockets: a server answering after `delay` ms (or never).
let server: Server | undefined
const start = async (delay: number | null): Promise<string> => {
  server = createServer((_req, res) => {
    if (delay === null) return
    setTimeout(() => res.end('{"ok":true}'), delay)
  })
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
}
afterEach(async () => {
  const s = server
  server = undefined
  if (!s) return
  s.closeAllConnections()
  await new Promise((resolve) => s.close(resolve))
})

describe('fetchWithTimeout', () => {
  it('returns status, headers and body text', async () => {
    const url = await start(0)
    const res = await fetchWithTimeout(fetch, url, {}, 5_000, timeoutManager)
    expect(res.status).toBe(200)
    expect(res.text).toBe('{"ok":true}')
  })

  it('aborts after the timeout with a timeout error', async () => {
    const url = await start(null)
    await expect(fetchWithTimeout(fetch, url, {}, 100, timeoutManager)).rejects.toMatchObject({ code: 'timeout' })
  })

  it('turns a refused connection into a network error', async () => {
    const url = await start(0)
    const s = server as Server
    server = undefined
    await new Promise((resolve) => s.close(resolve))
    await expect(fetchWithTimeout(fetch, url, {}, 5_000, timeoutManager)).rejects.toMatchObject({ code: 'network' })
  })
})
