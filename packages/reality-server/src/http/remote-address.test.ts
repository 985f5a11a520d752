import { describe, expect, it } from 'vitest'
import { fetchRemoteAddress } from './remote-address'

describe('fetchRemoteAddress', () => {
  const request = new Request('http://localhost/reality/sync')

  it("reads the address from each runtime's second handler argument", () => {
    expect(fetchRemoteAddress(request, { remoteAddr: { transport: 'tcp', hostname: '203.0.113.7', port: 1 } })).toBe(
      '203.0.113.7',
    )
    const bun = { requestIP: (r: Request) => (r === request ? { address: '2001:db8::1', port: 1 } : null) }
    expect(fetchRemoteAddress(request, bun)).toBe('2001:db8::1')
    expect(fetchRemoteAddress(request, { incoming: { socket: { remoteAddress: '::ffff:10.0.0.2' } } })).toBe(
      '::ffff:10.0.0.2',
    )
  })

  it('gives nothing for a Workers env, a missing argument or a Bun server without the address', () => {
    expect(fetchRemoteAddress(request, { DB: {}, REALITY_ADMIN_TOKEN: 'x' })).toBeUndefined()
    expect(fetchRemoteAddress(request, undefined)).toBeUndefined()
    expect(fetchRemoteAddress(request, { requestIP: () => null })).toBeUndefined()
  })
})
