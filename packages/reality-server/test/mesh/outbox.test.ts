import { waitFor } from '@reality-internal/test-utils'
import type { RealityNodeMeta } from '@rootlodge/reality/types'
import { describe, expect, it } from 'vitest'
import type { MeshReply } from '../../src/mesh/exchange'
import { Outbox, type OutboxTransport } from '../../src/mesh/outbox'
import { FakeClock, settle } from '../support/fake-clock'

/*
 * The per-peer queue alone, with a scripted transport standing in for the peer: what goes
 * into each request, when it is retried, and what happens past its bound.
 */

const node = (key: string, version: number): RealityNodeMeta => ({ key, version, hash: `h${version}`, updatedAt: 0 })
const reply = (nodes: RealityNodeMeta[] = [], more = false): MeshReply => ({
  from: { serverId: 'peer', incarnation: '1' },
  mesh: { peers: [], serverVersion: 0 },
  nodes,
  more,
})

/** A peer that records every request and answers as `answer` says. */
const scripted = (
  answer: (request: RealityNodeMeta[], n: number) => MeshReply | Promise<MeshReply> = () => reply(),
) => {
  const requests: RealityNodeMeta[][] = []
  const pulls: ({ after: number; limit: number } | undefined)[] = []
  const transport: OutboxTransport = {
    exchange: async (payload) => {
      requests.push(payload.nodes)
      pulls.push(payload.pull)
      return answer(payload.nodes, requests.length)
    },
  }
  return { transport, requests, pulls }
}

const OPTIONS = { batchSize: 50, maxQueue: 1000, retryBaseMs: 5, retryMaxMs: 20 }

describe('mesh outbox', () => {
  it('sends one request at a time; what is queued meanwhile rides on the next, newest version per key', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const peer = scripted(async (_nodes, n) => {
      if (n === 1) await gate
      return reply()
    })
    const box = new Outbox(peer.transport, OPTIONS)
    const first = box.enqueue([node('a', 1)], true)
    await waitFor(() => peer.requests.length === 1, { message: 'first request' })
    for (let v = 2; v <= 20; v++) box.enqueue([node(`k${v % 3}`, v)])
    expect(peer.requests.length).toBe(1)
    release()
    await first
    await waitFor(() => box.idle, { message: 'queue drained' })
    expect(peer.requests.length).toBe(2)
    expect(peer.requests[1].map((n) => `${n.key}@${n.version}`).sort()).toEqual(['k0@18', 'k1@19', 'k2@20'])
  })

  it('splits a long queue into batches of batchSize', async () => {
    const peer = scripted()
    const box = new Outbox(peer.transport, OPTIONS)
    await box.enqueue(
      Array.from({ length: 120 }, (_, i) => node(`b${i}`, i + 1)),
      true,
    )
    expect(peer.requests.map((r) => r.length)).toEqual([50, 50, 20])
  })

  it('retries with a jittered exponential backoff until the peer answers, and resolves waiters only then', async () => {
    const clock = new FakeClock()
    const peer = scripted((_nodes, n) => {
      if (n <= 4) throw new Error('ECONNREFUSED')
      return reply()
    })
    const box = new Outbox(peer.transport, { ...OPTIONS, retryBaseMs: 100, retryMaxMs: 300, clock })
    let delivered = false
    const done = box.enqueue([node('r', 1)], true).then(() => {
      delivered = true
    })
    // Retry n waits 50–100 % of min(300, 100 * 2^n): the bounds hold whatever the jitter drew.
    for (const [attempt, full] of [100, 200, 300, 300].entries()) {
      await settle()
      expect(peer.requests.length).toBe(attempt + 1)
      const [wait] = clock.pending()
      expect(wait).toBeGreaterThanOrEqual(full / 2)
      expect(wait).toBeLessThanOrEqual(full)
      await clock.advance(wait - 1)
      expect(peer.requests.length).toBe(attempt + 1)
      await clock.advance(1)
    }
    await done
    expect(delivered).toBe(true)
    expect(peer.requests.length).toBe(5)
    expect(peer.requests.every((r) => r.length === 1 && r[0].key === 'r')).toBe(true)
    expect(clock.pending()).toEqual([])
  })

  it('starts the backoff over after a success', async () => {
    const clock = new FakeClock()
    const peer = scripted((_nodes, n) => {
      if (n === 1 || n === 2 || n === 4) throw new Error('down')
      return reply()
    })
    const box = new Outbox(peer.transport, { ...OPTIONS, retryBaseMs: 1000, retryMaxMs: 60_000, clock })
    const first = box.enqueue([node('a', 1)], true)
    await clock.advance(3000) // retries after 500–1000 ms, then 1000–2000 ms
    await first
    expect(peer.requests.length).toBe(3)
    const second = box.enqueue([node('a', 2)], true)
    await settle()
    expect(peer.requests.length).toBe(4)
    expect(clock.pending()[0]).toBeLessThanOrEqual(1000)
    await clock.advance(1000)
    await second
    expect(peer.requests.length).toBe(5)
  })

  it('retries at once when nudged (the peer showed up) instead of waiting out the backoff', async () => {
    const clock = new FakeClock()
    const peer = scripted((_nodes, n) => {
      if (n === 1) throw new Error('down')
      return reply()
    })
    const box = new Outbox(peer.transport, { ...OPTIONS, retryBaseMs: 60_000, retryMaxMs: 60_000, clock })
    const done = box.enqueue([node('n', 1)], true)
    await settle()
    expect(peer.requests.length).toBe(1)
    expect(clock.pending().length).toBe(1)
    box.nudge()
    await done
    expect(peer.requests.length).toBe(2)
    expect(clock.pending()).toEqual([])
  })

  it('stops retrying when closed', async () => {
    const clock = new FakeClock()
    const peer = scripted(() => {
      throw new Error('down')
    })
    const box = new Outbox(peer.transport, { ...OPTIONS, clock })
    const pending = box.enqueue([node('c', 1)], true).catch((error: Error) => error.message)
    await settle()
    expect(clock.pending().length).toBe(1)
    box.close(new Error('closing'))
    expect(await pending).toBe('closing')
    expect(clock.pending()).toEqual([])
    await clock.advance(60_000)
    expect(peer.requests.length).toBe(1)
  })

  it('past maxQueue drops what nobody waits for and sends a snapshot page by page instead', async () => {
    const held = Array.from({ length: 130 }, (_, i) => node(`s${i}`, i + 1))
    const peer = scripted()
    const snapshots: number[] = []
    const box = new Outbox(
      {
        ...peer.transport,
        snapshot: async (after, limit) => {
          snapshots.push(after)
          return held.filter((n) => n.version > after).slice(0, limit)
        },
      },
      { ...OPTIONS, maxQueue: 100 },
    )
    for (const n of held) box.enqueue([n])
    // The 101st key overflowed the queue: the first 101 now travel in the snapshot.
    expect(box.size).toBe(29)
    await waitFor(() => box.idle, { message: 'snapshot sent' })
    expect(snapshots).toEqual([0, 50, 100])
    const sent = peer.requests.filter((r) => r.length > 0).flat()
    expect(sent.slice(0, 130).map((n) => n.key)).toEqual(held.map((n) => n.key))
    expect(new Set(sent.map((n) => n.key)).size).toBe(130)
  })

  it('pulls the peer state page by page', async () => {
    const state = Array.from({ length: 120 }, (_, i) => node(`p${i}`, i + 1))
    const peer = scripted(() => reply())
    const pages: RealityNodeMeta[][] = []
    const box = new Outbox(
      {
        exchange: async (payload, signal) => {
          await peer.transport.exchange(payload, signal)
          const after = payload.pull?.after ?? 0
          const page = state.filter((n) => n.version > after).slice(0, payload.pull?.limit ?? 0)
          pages.push(page)
          return reply(
            page,
            state.some((n) => n.version > (page.at(-1)?.version ?? after)),
          )
        },
      },
      OPTIONS,
    )
    await box.pull()
    expect(peer.pulls.map((p) => p?.after)).toEqual([0, 50, 100])
    expect(pages.flat()).toEqual(state)
  })

  it('rejects waiters when closed', async () => {
    const peer = scripted(() => {
      throw new Error('down')
    })
    const box = new Outbox(peer.transport, OPTIONS)
    const pending = box.enqueue([node('c', 1)], true)
    box.close(new Error('closing'))
    await expect(pending).rejects.toThrow('closing')
    await expect(box.enqueue([node('c', 2)], true)).rejects.toThrow()
  })
})
