import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { waitFor } from '@reality-internal/test-utils'
import { build } from 'esbuild'
import { Miniflare, type WorkerOptions } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../support/child'
import { ADMIN_TOKEN, BODY_LIMIT, freshKey, itServesReality } from '../support/sync-suite'

/*
 * Cloudflare Workers on the real workerd (through Miniflare, which runs it as a child process),
 * serving the built package bundled the way wrangler does (esbuild, no nodejs_compat flag).
 * Four workers, each its own isolate: two on D1, two on memory. Requests pick a worker by Host
 * (Miniflare routes); the first worker also takes requests for any other host.
 */

/** Bundles a worker entry with the built package, for workerd without Node compatibility. */
const bundle = async (entry: string): Promise<string> => {
  const result = await build({
    entryPoints: [new URL(entry, import.meta.url).pathname],
    absWorkingDir: REPO_ROOT,
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'import'],
    mainFields: ['module', 'main'],
    external: ['cloudflare:workers'],
    logLevel: 'silent',
  })
  return result.outputFiles[0].text
}

interface Reply {
  status: number
  body: { changed?: Record<string, { version: number; source: string }>; mesh?: { serverId: string } }
}

/** A request over real HTTP to workerd's socket, with the Host that routes it to one worker. */
const call = (origin: string, host: string, path: string, body?: unknown, token?: string): Promise<Reply> =>
  new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host, 'content-type': 'application/json' }
    if (token) headers.authorization = `Bearer ${token}`
    const req = request(`${origin}${path}`, { method: body === undefined ? 'GET' : 'POST', headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        text += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }))
    })
    req.on('error', reject)
    req.end(body === undefined ? undefined : JSON.stringify(body))
  })

const invalidateVia = async (origin: string, host: string, key: string): Promise<number> => {
  const reply = (await call(origin, host, '/reality/invalidate', { keys: [key] }, ADMIN_TOKEN)) as unknown as {
    status: number
    body: { updated: { version: number }[] }
  }
  expect(reply.status).toBe(200)
  return reply.body.updated[0].version
}

const syncVia = async (origin: string, host: string, known: Record<string, number>) => {
  const reply = await call(origin, host, '/reality/sync', { known })
  expect(reply.status).toBe(200)
  return { changed: reply.body.changed ?? {}, serverId: reply.body.mesh?.serverId }
}

/**
 * Syncs through `host` until `key` is reported at `version` or later. On a shared storage the
 * server answers from a read cache that catches up at most every `refreshInterval` (250 ms by
 * default), so another isolate sees a write within that bound, not at once.
 */
const eventuallyVia = (origin: string, host: string, key: string, since: number, version: number) =>
  waitFor(
    async () => {
      const reply = await syncVia(origin, host, { [key]: since })
      const seen = reply.changed[key]?.version
      return seen !== undefined && seen >= version ? { ...reply, seen } : undefined
    },
    { every: 100, message: `${key} at version ${version} through ${host}` },
  )

describe('Cloudflare Workers on workerd (Miniflare)', () => {
  const persist = mkdtempSync(join(tmpdir(), 'reality-d1-'))
  let d1Worker: string
  let memoryWorker: string
  let mf: Miniflare
  let origin: string

  const start = async (): Promise<void> => {
    const common: Partial<WorkerOptions> = {
      modules: true,
      compatibilityDate: '2025-09-01',
      bindings: { REALITY_ADMIN_TOKEN: ADMIN_TOKEN, REALITY_BODY_LIMIT: String(BODY_LIMIT) },
      d1Databases: { DB: 'reality-shared' },
    }
    mf = new Miniflare({
      host: '127.0.0.1',
      port: 0,
      d1Persist: persist,
      workers: [
        { ...common, name: 'd1-a', script: d1Worker, routes: ['d1-a.test/*'] },
        { ...common, name: 'd1-b', script: d1Worker, routes: ['d1-b.test/*'] },
        { ...common, name: 'memory-a', script: memoryWorker, routes: ['memory-a.test/*'] },
        { ...common, name: 'memory-b', script: memoryWorker, routes: ['memory-b.test/*'] },
      ] as WorkerOptions[],
    })
    origin = (await mf.ready).origin
  }

  beforeAll(async () => {
    ;[d1Worker, memoryWorker] = await Promise.all([bundle('d1-worker.ts'), bundle('memory-worker.ts')])
    await start()
  }, 120_000)
  afterAll(async () => {
    await mf?.dispose()
    rmSync(persist, { recursive: true, force: true })
  })

  it('bundles the built root entry with no node: import (workerd runs it without nodejs_compat)', () => {
    for (const script of [d1Worker, memoryWorker]) {
      expect(script).not.toMatch(/from\s*["']node:/)
      expect(script).toContain('getFetchHandler')
    }
  })

  describe("D1 worker: export default { fetch: server.getFetchHandler('/reality') }", () => {
    itServesReality(() => ({ base: `${origin}/reality` }))
  })

  it('D1: a change made through one isolate is seen by another, and versions keep rising across them', async () => {
    const key = freshKey('d1')
    const first = await invalidateVia(origin, 'd1-a.test', key)
    const fromA = await syncVia(origin, 'd1-a.test', { [key]: 0 })
    const fromB = await eventuallyVia(origin, 'd1-b.test', key, 0, first)
    expect(fromA.serverId).not.toBe(fromB.serverId) // two isolates, each named at its own start
    expect(fromB.seen).toBe(first)
    const second = await invalidateVia(origin, 'd1-b.test', key)
    expect(second).toBeGreaterThan(first)
    expect((await eventuallyVia(origin, 'd1-a.test', key, first, second)).seen).toBe(second)
  })

  it('memory (the default) is wrong on Workers: another isolate never sees the change', async () => {
    const key = freshKey('memory')
    const version = await invalidateVia(origin, 'memory-a.test', key)
    expect((await syncVia(origin, 'memory-a.test', { [key]: 0 })).changed[key].version).toBe(version)
    expect((await syncVia(origin, 'memory-b.test', { [key]: 0 })).changed).toEqual({})
  })

  it('D1 keeps versions across a restart of workerd (fresh isolates); memory forgets them', async () => {
    const d1Key = freshKey('d1-restart')
    const memoryKey = freshKey('memory-restart')
    const d1Version = await invalidateVia(origin, 'd1-a.test', d1Key)
    await invalidateVia(origin, 'memory-a.test', memoryKey)
    const before = (await syncVia(origin, 'd1-b.test', {})).serverId

    await mf.dispose()
    await start()

    const after = await syncVia(origin, 'd1-b.test', { [d1Key]: 0 })
    expect(after.serverId).not.toBe(before)
    expect(after.changed[d1Key].version).toBe(d1Version)
    expect((await syncVia(origin, 'memory-a.test', { [memoryKey]: 0 })).changed).toEqual({})
    const next = await invalidateVia(origin, 'd1-b.test', d1Key)
    expect(next).toBeGreaterThan(d1Version)
  }, 120_000)
})
