import { request } from 'node:http'
import { MAX_KEY_LENGTH, SYNC_HINTS, SYNC_MODES, SyncResponseSchema } from '@rootlodge/reality/types'
import fc from 'fast-check'
import { expect } from 'vitest'
import { answerOf } from './http'

/*
 * Generators and checks shared by the property tests of the sync route: what a valid request is,
 * the ways a request goes wrong, and the one contract every answer keeps whatever the input.
 */

/** Runs per property: modest so the suite stays fast; REALITY_FUZZ_RUNS=10000 for a long run. */
export const FUZZ_RUNS = Number(process.env.REALITY_FUZZ_RUNS) || 60

/** A key the protocol accepts: 1 to MAX_KEY_LENGTH UTF-16 units of any kind, lone surrogates included. */
export const validKey = (maxLength = MAX_KEY_LENGTH): fc.Arbitrary<string> =>
  fc
    .string({ unit: 'binary', minLength: 1, maxLength })
    .filter((key) => key.length >= 1 && key.length <= MAX_KEY_LENGTH)

/** A sync request in the minimal or the full form, with at most `maxKeys` keys. */
export const validRequest = ({ maxKeys = 20, keyLength = MAX_KEY_LENGTH } = {}) =>
  fc.record(
    {
      known: fc.dictionary(validKey(keyLength), fc.maxSafeNat(), { maxKeys }),
      clientId: fc.string({ maxLength: 128 }),
      mode: fc.constantFrom(...SYNC_MODES),
      hint: fc.constantFrom(...SYNC_HINTS),
      timestamp: fc.double({ noNaN: true, noDefaultInfinity: true }),
    },
    { requiredKeys: ['known'] },
  )

/** Requests that are almost right: the right shape with wrong values, wrong fields or too many keys. */
export const nearlyValidRequest = fc.oneof(
  fc.record({ known: fc.dictionary(fc.string({ unit: 'binary', maxLength: 300 }), fc.jsonValue()) }),
  fc.record({ known: fc.jsonValue() }),
  fc.record(
    { known: fc.dictionary(validKey(8), fc.maxSafeNat()), clientId: fc.jsonValue(), mode: fc.jsonValue() },
    { requiredKeys: ['known'] },
  ),
  fc.dictionary(fc.string(), fc.jsonValue()),
)

/** Any JSON value a client could send, valid or not. */
export const anyJson = fc.oneof(validRequest(), nearlyValidRequest, fc.jsonValue())

/** Holds `response` to SyncResponseSchema, with the schema's own issues in the failure. */
export const expectSyncResponse = (response: unknown): void => {
  const parsed = SyncResponseSchema.safeParse(response)
  expect(parsed.success ? [] : parsed.error.issues).toEqual([])
}

/** The error body of every 4xx we answer: JSON with a string `error` and a string `message`. */
export const expectErrorBody = (text: string): void => {
  const body = JSON.parse(text) as unknown
  expect(body).toMatchObject({ error: expect.any(String), message: expect.any(String) })
}

/** One request as bytes on the wire. */
export interface RawRequest {
  method: string
  path: string
  headers: Record<string, string>
  body: Uint8Array
}

/** How a raw request ended: a response, or the connection closed before one came. */
export type Exchange = { status: number; text: string } | { closed: string }

/**
 * Sends `req` through node:http with its bytes as they are (no re-encoding, an explicit
 * Content-Length) and resolves with the answer; a connection the server closes before it
 * answers resolves as `closed` rather than rejecting, so the caller decides whether that is allowed.
 */
export const exchange = (origin: string, req: RawRequest): Promise<Exchange> =>
  new Promise((resolve, reject) => {
    const outgoing = request(
      `${origin}${req.path}`,
      { method: req.method, headers: { ...req.headers, 'content-length': String(req.body.byteLength) } },
      (res) => {
        answerOf(res).then(resolve, reject)
      },
    )
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') resolve({ closed: error.code })
      else reject(error)
    })
    outgoing.end(req.body)
  })
