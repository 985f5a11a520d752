import type { RealityNodeMeta } from '@rootlodge/reality/types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Accelerator } from '../../src'
import { waitFor } from '../cluster/harness/wait'

/*
 * The contract every accelerator meets, run against a real backend: what one server
 * publishes reaches every other one and never comes back to itself, big batches arrive
 * whole, and the backend being down (from the start, or killed mid-run) never throws or
 * blocks; delivery resumes by itself once the backend is back.
 */

/** One backend under test. */
export interface AcceleratorBackend {
  /** A new accelerator with its own connections to the backend (released by `close`). */
  create(): Accelerator
  /** Makes the backend unreachable, as a crash would. */
  stop(): Promise<void>
  /** Makes it reachable again. */
  start(): Promise<void>
  /** Releases what the backend holds (processes, pools). */
  dispose(): Promise<void>
}

interface Received {
  nodes: RealityNodeMeta[]
  resyncs: number
  errors: unknown[]
}

let sequence = 0
const node = (key: string, hash = 'h'): RealityNodeMeta => ({
  key,
  version: Date.now() * 1000 + (sequence++ % 1000),
  hash,
  updatedAt: Date.now(),
})

export const runAcceleratorConformance = (name: string, setup: () => Promise<AcceleratorBackend>): void => {
  describe(`accelerator conformance: ${name}`, () => {
    let backend: AcceleratorBackend
    const open: Accelerator[] = []

    beforeAll(async () => {
      backend = await setup()
    })

    afterAll(async () => {
      await Promise.all(open.map((accelerator) => accelerator.close()))
      await backend?.dispose()
    })

    const started = (id: string): { accelerator: Accelerator; got: Received } => {
      const accelerator = backend.create()
      open.push(accelerator)
      const got: Received = { nodes: [], resyncs: 0, errors: [] }
      accelerator.start(id, {
        receive: (nodes) => got.nodes.push(...nodes),
        resync: () => got.resyncs++,
        error: (error) => got.errors.push(error),
      })
      return { accelerator, got }
    }

    const connected = (...accelerators: Accelerator[]): Promise<boolean> =>
      waitFor(() => accelerators.every((a) => a.state === 'connected'), {
        message: `${name} to connect`,
        timeout: 15_000,
        onPoll: () => {
          for (const a of accelerators) a.wake()
        },
      })

    const closeAll = async (...accelerators: Accelerator[]): Promise<void> => {
      await Promise.all(accelerators.map((a) => a.close()))
    }

    it("delivers one server's updates to every other server, never back to itself", async () => {
      const a = started('conf-a')
      const b = started('conf-b')
      const c = started('conf-c')
      await connected(a.accelerator, b.accelerator, c.accelerator)
      const sent = node(`deliver:${name}`)
      a.accelerator.publish([sent])
      await waitFor(() => b.got.nodes.length > 0 && c.got.nodes.length > 0, { message: 'delivery' })
      expect(b.got.nodes).toEqual([sent])
      expect(c.got.nodes).toEqual([sent])
      expect(a.got.nodes).toEqual([])
      expect(a.accelerator.stats()).toMatchObject({ state: 'connected', published: 1, received: 0, dropped: 0 })
      expect(b.accelerator.stats()).toMatchObject({ received: 1 })
      // Connecting counts as a resync: updates sent before the subscription started were missed.
      expect(b.got.resyncs).toBeGreaterThanOrEqual(1)
      await closeAll(a.accelerator, b.accelerator, c.accelerator)
    })

    it('carries a large batch whole, split into messages the backend accepts', async () => {
      const a = started('big-a')
      const b = started('big-b')
      await connected(a.accelerator, b.accelerator)
      // Keys near the 256-character limit, so the batch needs several messages on every backend.
      const sent = Array.from({ length: 400 }, (_, i) => node(`big:${i}:${'k'.repeat(240)}`, 'x'.repeat(40)))
      // Publishes of one tick go out together.
      a.accelerator.publish(sent.slice(0, 200))
      a.accelerator.publish(sent.slice(200))
      await waitFor(() => b.got.nodes.length >= sent.length, { message: 'the whole batch' })
      expect(b.got.nodes).toEqual(sent)
      await closeAll(a.accelerator, b.accelerator)
    })

    it('never throws or blocks while the backend is down from the start, and connects once it is up', async () => {
      await backend.stop()
      const a = started('late-a')
      const b = started('late-b')
      try {
        expect(a.accelerator.state).not.toBe('connected')
        expect(() => a.accelerator.publish([node('lost-before-start')])).not.toThrow()
        a.accelerator.wake()
        await new Promise((resolve) => setTimeout(resolve, 300))
        expect(a.accelerator.state).not.toBe('connected')
      } finally {
        await backend.start()
      }
      await connected(a.accelerator, b.accelerator)
      const sent = node(`late:${name}`)
      // The publishing connection may come back a moment after the listening one: until then
      // publishes are dropped (counted), never queued.
      await waitFor(
        () => {
          a.accelerator.publish([sent])
          return b.got.nodes.some((n) => n.key === sent.key)
        },
        { message: 'delivery after the backend came up', every: 100 },
      )
      expect(b.got.nodes.map((n) => n.key)).not.toContain('lost-before-start')
      expect(b.got.resyncs).toBeGreaterThanOrEqual(1)
      await closeAll(a.accelerator, b.accelerator)
    })

    it('keeps going when the backend is killed mid-run and resumes by itself when it returns', async () => {
      const a = started('kill-a')
      const b = started('kill-b')
      await connected(a.accelerator, b.accelerator)
      a.accelerator.publish([node(`before:${name}`)])
      await waitFor(() => b.got.nodes.length === 1, { message: 'delivery before the outage' })
      const resyncsBefore = b.got.resyncs
      await backend.stop()
      try {
        await waitFor(() => b.accelerator.state !== 'connected', { message: 'the loss to be noticed' })
        for (let i = 0; i < 20; i++) expect(() => a.accelerator.publish([node(`during:${i}`)])).not.toThrow()
        expect(b.got.errors.length).toBeLessThanOrEqual(2) // one report per outage, not one per retry
      } finally {
        await backend.start()
      }
      await connected(a.accelerator, b.accelerator)
      expect(b.got.resyncs).toBeGreaterThan(resyncsBefore)
      const after = node(`after:${name}`)
      await waitFor(
        () => {
          a.accelerator.publish([after])
          return b.got.nodes.some((n) => n.key === after.key)
        },
        { message: 'delivery after the backend returned', every: 100 },
      )
      await closeAll(a.accelerator, b.accelerator)
    })

    it('stops delivering after close()', async () => {
      const a = started('close-a')
      const b = started('close-b')
      await connected(a.accelerator, b.accelerator)
      await b.accelerator.close()
      expect(b.accelerator.state).toBe('closed')
      // Sentinel: a server still listening hears the publish, so it has gone through the backend.
      const c = started('close-c')
      await connected(c.accelerator)
      const sent = node(`closed:${name}`)
      await waitFor(
        () => {
          a.accelerator.publish([sent])
          return c.got.nodes.some((n) => n.key === sent.key)
        },
        { message: 'delivery to the server still listening', every: 100 },
      )
      expect(b.got.nodes).toEqual([])
      await closeAll(a.accelerator, c.accelerator)
    })
  })
}
