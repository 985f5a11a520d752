import { describe, expect, it } from 'vitest'
import { PeerTable } from '../../src/mesh/peer-table'

const A = 'http://a:1'
const B = 'http://b:1'

describe('peer table health', () => {
  // from → event → to, as drawn atop peer-table.ts
  const transitions: [string, (t: PeerTable) => void, string][] = [
    ['unknown', (t) => t.succeeded(A, 5, 0), 'healthy'],
    ['unknown', (t) => t.succeeded(A, 5000, 0), 'degraded'],
    ['unknown', (t) => t.failed(A), 'degraded'],
    [
      'degraded',
      (t) => {
        t.failed(A)
        t.failed(A)
      },
      'unhealthy',
    ],
    ['unhealthy', (t) => t.succeeded(A, 5, 0), 'healthy'],
  ]
  it.each(transitions)('%s → %s', (from, event, to) => {
    const table = new PeerTable([A], { slowMs: 1000, unhealthyAfter: 3 })
    if (from === 'degraded') table.failed(A)
    if (from === 'unhealthy') for (let i = 0; i < 3; i++) table.failed(A)
    expect(table.get(A)?.health).toBe(from)
    event(table)
    expect(table.get(A)?.health).toBe(to)
  })

  it('counts an excluded duplicate toward its size, so duplicates cannot grow it past the cap', () => {
    const table = new PeerTable([A], { slowMs: 1000, unhealthyAfter: 3 })
    table.identify(A, { serverId: 'peer', incarnation: 'i1' })
    table.learn(B)
    expect(table.identify(B, { serverId: 'peer', incarnation: 'i1' })).toBe('duplicate')
    expect(table.active().map((peer) => peer.url)).toEqual([A])
    expect(table.size).toBe(2)
    expect(table.learn(B)).toBeUndefined()
  })

  it('shows gossip about a peer until it has exchanged with it itself', () => {
    const table = new PeerTable([A], { slowMs: 1000, unhealthyAfter: 3 })
    table.learn(B)
    table.report(B, 'healthy')
    expect(table.info('me', 1).health).toEqual({ [A]: 'unknown', [B]: 'healthy' })
    table.failed(B)
    expect(table.info('me', 1).health?.[B]).toBe('degraded')
  })

  it('excludes a second URL of a server it already knows', () => {
    const table = new PeerTable([A, B], { slowMs: 1000, unhealthyAfter: 3 })
    expect(table.identify(A, { serverId: 's', incarnation: '1' })).toBe('new')
    expect(table.identify(B, { serverId: 's', incarnation: '1' })).toBe('duplicate')
    expect(table.info('me', 1).peers).toEqual([A])
    expect(table.identify(A, { serverId: 's', incarnation: '2' })).toBe('restarted')
  })
})
