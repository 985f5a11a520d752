import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRealityServer, type RealityServer } from '../../src'
import {
  anyJson,
  type Exchange,
  exchange,
  expectErrorBody,
  expectSyncResponse,
  FUZZ_RUNS,
  type RawRequest,
  validRequest,
} from '../support/fuzz'
import { expectServing } from '../support/http'
import { type Served, TRANSPORTS } from '../support/transports'

/*
 * Arbitrary requests over real HTTP, for every way of serving a RealityServer. The contract holds
 * whatever later layers (content-type checks, rate limits, authorization) answer: never a 5xx,
 * every 2xx of the sync route is a SyncResponse, every 4xx is a JSON `{ error, message }`, and
 * the server answers a good sync afterwards. Specific 4xx codes are the other tests' business.
 */

/** Small limits, so oversized bodies and key counts cost little to generate. */
const LIMITS = { maxBodyBytes: 4096, maxKeysPerRequest: 40 }

const encode = (text: string): Uint8Array => new TextEncoder().encode(text)

const SYNC_PATHS = ['/sync', '/sync/', '/sync?keys=a,b', '/sync?keys=']
const ROUTE_PATHS = [...SYNC_PATHS, '/health', '/invalidate', '/mesh', '/events', '/events?key=a']
const OTHER_PATHS = ['', '/', '/nope', '/sync/extra', '/SYNC', '/%zz', '/sync%00']
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'application/json; charset=latin1',
]

/** A body that goes wrong in one of the ways a client's can. */
const badBody = fc.oneof(
  { weight: 4, arbitrary: anyJson.map((value) => encode(JSON.stringify(value) ?? '')) },
  // Truncated: a valid request cut anywhere.
  fc.tuple(validRequest(), fc.nat()).map(([value, at]) => {
    const text = JSON.stringify(value)
    return encode(text.slice(0, at % (text.length + 1)))
  }),
  fc.uint8Array({ maxLength: 512 }),
  fc.string({ unit: 'binary', maxLength: 256 }).map(encode),
  // Over the body limit.
  fc
    .integer({ min: LIMITS.maxBodyBytes + 1, max: LIMITS.maxBodyBytes * 3 })
    .map((size) => encode(`{"known":{"pad":0},"clientId":"${'x'.repeat(size)}"}`)),
  // Over the key limit, each key valid.
  fc
    .integer({ min: LIMITS.maxKeysPerRequest + 1, max: LIMITS.maxKeysPerRequest * 3 })
    .map((count) =>
      encode(JSON.stringify({ known: Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, 0])) })),
    ),
)

/** Anything: any method, path, content type and body. */
const anyRequest: fc.Arbitrary<RawRequest> = fc.record({
  method: fc.constantFrom('POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
  path: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...ROUTE_PATHS) },
    { weight: 1, arbitrary: fc.constantFrom(...OTHER_PATHS) },
  ),
  headers: fc.record(
    { 'content-type': fc.constantFrom(...CONTENT_TYPES), authorization: fc.constantFrom('Bearer x', 'Basic eA==', '') },
    { requiredKeys: [] },
  ),
  body: badBody,
})

/** Most runs go where the work is: a bad body POSTed to the sync route as JSON. */
const arbitraryRequest = fc.oneof(
  {
    weight: 3,
    arbitrary: badBody.map(
      (body): RawRequest => ({ method: 'POST', path: '/sync', headers: { 'content-type': 'application/json' }, body }),
    ),
  },
  { weight: 2, arbitrary: anyRequest },
)

describe.each(TRANSPORTS)('arbitrary requests over $name', (transport) => {
  const failures: unknown[] = []
  let server: RealityServer
  let served: Served

  beforeAll(async () => {
    server = createRealityServer({ serverId: 'fuzz', limits: LIMITS, onError: (error) => failures.push(error) })
    served = await transport.serve(server)
  })
  afterAll(() => served.close())

  const send = (req: RawRequest): Promise<Exchange> => exchange(served.origin, { ...req, path: `/reality${req.path}` })

  it('never answers 5xx; 2xx syncs are SyncResponses, 4xx are JSON errors; the server keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryRequest, async (req) => {
        const answer = await send(req)
        if ('closed' in answer) {
          // Only a body over the limit may be cut off (the server answers 413 and stops reading).
          expect(req.body.byteLength).toBeGreaterThan(LIMITS.maxBodyBytes)
          return
        }
        expect(answer.status).toBeLessThan(500)
        const ours = ROUTE_PATHS.includes(req.path) || transport.jsonNotFound
        if (answer.status >= 400 && ours) expectErrorBody(answer.text)
        const sync = SYNC_PATHS.includes(req.path)
        if (sync && answer.status >= 200 && answer.status < 300 && req.method !== 'OPTIONS')
          expectSyncResponse(JSON.parse(answer.text))
      }),
      { numRuns: FUZZ_RUNS * 2 },
    )
    await expectServing(served.base)
    expect(failures).toEqual([])
  })

  it('answers every valid sync POSTed as JSON with a SyncResponse', async () => {
    await fc.assert(
      fc.asyncProperty(validRequest({ maxKeys: 20, keyLength: 32 }), async (request) => {
        const answer = await send({
          method: 'POST',
          path: '/sync',
          headers: { 'content-type': 'application/json' },
          body: encode(JSON.stringify(request)),
        })
        expect(answer).toMatchObject({ status: 200 })
        if ('text' in answer) expectSyncResponse(JSON.parse(answer.text))
      }),
      { numRuns: FUZZ_RUNS },
    )
    expect(failures).toEqual([])
  })
})
