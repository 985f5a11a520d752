import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createRealityServer, RealityHttpError } from '../../src'
import { anyJson, expectErrorBody, expectSyncResponse, FUZZ_RUNS, validKey, validRequest } from '../support/fuzz'

/*
 * handleSync called directly, with anything at all: it answers a SyncResponse or rejects with a
 * client error (4xx), never anything else, and a valid request is always answered with exactly
 * the keys the server holds at a higher version.
 */
describe('handleSync under arbitrary input', () => {
  const failures: unknown[] = []
  const server = createRealityServer({ serverId: 'property', onError: (error) => failures.push(error) })

  /** Resolves with the response, or with the client error it rejected with; anything else fails the test. */
  const settle = async (input: unknown) => {
    try {
      return { response: await server.handleSync(input) }
    } catch (error) {
      expect(error).toBeInstanceOf(RealityHttpError)
      const rejected = error as RealityHttpError
      expect(rejected.status).toBeGreaterThanOrEqual(400)
      expect(rejected.status).toBeLessThan(500)
      expectErrorBody(JSON.stringify(rejected.toBody()))
      return { rejected }
    }
  }

  it('answers any JSON value with a valid response or a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(anyJson, async (input) => {
        const { response } = await settle(input)
        if (response) expectSyncResponse(response)
      }),
      { numRuns: FUZZ_RUNS * 5 },
    )
    expect(failures).toEqual([])
  })

  it('answers any JavaScript value (maps, dates, typed arrays, null prototypes, sparse arrays) the same way', async () => {
    const anything = fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withNullPrototype: true,
      withObjectString: true,
      withSet: true,
      withSparseArray: true,
      withTypedArray: true,
    })
    await fc.assert(
      fc.asyncProperty(fc.oneof(anything, fc.record({ known: anything })), async (input) => {
        const { response } = await settle(input)
        if (response) expectSyncResponse(response)
      }),
      { numRuns: FUZZ_RUNS * 5 },
    )
    expect(failures).toEqual([])
  })

  it('answers every valid request with exactly the keys stored at a higher version than known', async () => {
    await fc.assert(
      fc.asyncProperty(
        validRequest({ keyLength: 16 }),
        fc.array(validKey(16), { maxLength: 10 }),
        async (request, written) => {
          // Keys the client knows are written too, so both sides of the comparison come up.
          for (const key of [...written, ...Object.keys(request.known).slice(0, 3)]) await server.invalidate(key)
          const { response, rejected } = await settle(request)
          expect(rejected).toBeUndefined()
          expectSyncResponse(response)
          const expected: string[] = []
          for (const [key, version] of Object.entries(request.known)) {
            const node = await server.getNode(key)
            if (node && node.version > version) expected.push(key)
          }
          expect(Object.keys(response?.changed ?? {}).sort()).toEqual(expected.sort())
        },
      ),
      { numRuns: FUZZ_RUNS * 2 },
    )
    expect(failures).toEqual([])
  })
})
