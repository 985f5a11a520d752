import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PEER_HEALTH } from './constants'
import { LegacySyncResponseSchema } from './legacy-schemas'
import { parseSyncResponse } from './response-guard'
import { type SyncResponse, SyncResponseSchema } from './schemas'

/*
 * The hand-written guard must accept exactly what SyncResponseSchema or LegacySyncResponseSchema (the 1.2.x form)
 * accepts, and return the normalised current form. The arbitraries build near-valid responses where any field may
 * be missing, of the wrong type, or carry an out-of-range number, so both outcomes are exercised heavily.
 *
 * A key named "__proto__" is ordinary data in this protocol: both the schema and the guard validate and keep it
 * (tested on its own below).
 */

const key = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.constantFrom('constructor', 'toString', 'hasOwnProperty', '__proto__', 'a:b'),
)
const number = fc.oneof(
  fc.integer({ min: -3, max: 2_000_000 }),
  fc.double(),
  fc.constantFrom(-0, 0.5, 2 ** 53, Number.MAX_SAFE_INTEGER, -1, Number.POSITIVE_INFINITY, Number.NaN),
)
/** A finite number: valid wherever the protocol wants a number (junk covers the rest). */
const finite = fc.oneof(fc.nat(), fc.double({ noNaN: true, noDefaultInfinity: true }))
const junk = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.string({ maxLength: 3 }),
  number,
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(key, fc.integer(), { maxKeys: 2 }),
)
/** Usually `good`, sometimes junk, a near miss from `bad`, or absent; `noise` sets how often. */
const field = <T>(good: fc.Arbitrary<T>, noise: number, bad: fc.Arbitrary<unknown> = junk) =>
  fc.oneof(
    { weight: 60, arbitrary: good },
    { weight: noise, arbitrary: junk },
    { weight: noise, arbitrary: bad },
    { weight: noise, arbitrary: fc.constant(undefined) },
  )
const badVersion = fc.constantFrom(-1, -0, 0.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, '1')
const badNumber = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '1', null)
/** Drops the properties whose value is `undefined` (absent), keeps the rest. */
const compact = <T extends object>(arb: fc.Arbitrary<T>) =>
  arb.map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)))

const node = (noise: number) =>
  compact(
    fc.record({
      key: field(fc.string({ maxLength: 4 }), noise),
      version: field(fc.nat(), noise, badVersion),
      hash: field(fc.string({ maxLength: 4 }), noise),
      updatedAt: field(finite, 3 * noise, badNumber),
      source: field(fc.string({ maxLength: 3 }), noise),
      extra: field(junk, noise),
    }),
  )
const mesh = (noise: number) =>
  compact(
    fc.record({
      serverId: field(fc.string({ maxLength: 3 }), noise),
      peers: fc.oneof(
        { weight: 4, arbitrary: fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }) },
        { weight: 1, arbitrary: fc.array(junk, { maxLength: 2 }) },
        { weight: 4, arbitrary: fc.dictionary(key, junk, { maxKeys: 3 }) },
        { weight: 1, arbitrary: junk },
      ),
      serverVersion: field(finite, noise, badNumber),
      health: field(
        fc.dictionary(
          key,
          fc.oneof(
            { weight: 8, arbitrary: fc.constantFrom(...PEER_HEALTH) },
            { weight: 1, arbitrary: fc.string({ maxLength: 3 }) },
          ),
          { maxKeys: 3 },
        ),
        noise,
      ),
    }),
  )
const shaped = (noise: number) =>
  compact(
    fc.record({
      changed: field(fc.dictionary(key, field(node(noise), noise), { maxKeys: 4 }), noise),
      mesh: field(mesh(noise), noise),
      serverTime: field(finite, 3 * noise, badNumber),
      public: field(fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }), noise),
    }),
  )
const response = fc.oneof(shaped(1), shaped(6), shaped(20), junk)

/** What the guard should return for an input one of the schemas accepted. */
const expected = (input: Record<string, unknown>): SyncResponse => {
  const legacy = LegacySyncResponseSchema.parse(input)
  const serverTime = legacy.serverTime ?? 0
  const changed: SyncResponse['changed'] = Object.fromEntries(
    Object.entries(input.changed as Record<string, Record<string, unknown>>).map(([k, n]) => [
      k,
      {
        key: k,
        version: n.version as number,
        hash: n.hash as string,
        updatedAt: (n.updatedAt as number | undefined) ?? serverTime,
        ...(n.source === undefined ? {} : { source: n.source as string }),
      },
    ]),
  )
  const m = input.mesh as Record<string, unknown>
  return {
    changed,
    mesh: {
      ...(m.serverId === undefined ? {} : { serverId: m.serverId as string }),
      peers: Array.isArray(m.peers) ? m.peers : Object.keys(m.peers as object),
      serverVersion: m.serverVersion as number,
      ...(m.health === undefined ? {} : { health: m.health as Record<string, never> }),
    },
    serverTime,
    ...(Array.isArray(input.public) && input.public.every((k) => typeof k === 'string')
      ? { public: input.public }
      : {}),
  }
}

const plain = (value: SyncResponse) => ({ ...value, changed: Object.fromEntries(Object.entries(value.changed)) })

const check = (input: unknown) => {
  const accepted = SyncResponseSchema.safeParse(input).success || LegacySyncResponseSchema.safeParse(input).success
  const result = parseSyncResponse(input)
  expect(result !== undefined).toBe(accepted)
  if (result) expect(plain(result)).toEqual(expected(input as Record<string, unknown>))
}

describe('parseSyncResponse', () => {
  it('accepts exactly what SyncResponseSchema or the 1.2.x schema accepts, and normalises it', () => {
    fc.assert(fc.property(response, check), { numRuns: 5_000 })
  })

  it('agrees on values that went through JSON, as they do over HTTP', () => {
    fc.assert(
      fc.property(response, (value) => {
        const text = JSON.stringify(value)
        if (text !== undefined) check(JSON.parse(text))
      }),
      { numRuns: 3_000 },
    )
  })

  it('accepts both forms often enough for the properties to mean something', () => {
    const samples = fc.sample(response, 4_000)
    const current = samples.filter((s) => SyncResponseSchema.safeParse(s).success).length
    const legacyOnly = samples.filter(
      (s) => !SyncResponseSchema.safeParse(s).success && LegacySyncResponseSchema.safeParse(s).success,
    ).length
    expect(current).toBeGreaterThan(80)
    expect(legacyOnly).toBeGreaterThan(80)
    expect(samples.length - current - legacyOnly).toBeGreaterThan(1_000)
  })

  it('normalises a real 1.2.2 response', () => {
    const body = JSON.parse(
      '{"changed":{"a":{"version":1,"hash":"","source":"old"},"b":{"version":2,"hash":"h1","source":"old"}},"mesh":{"peers":{"p2":{"health":"healthy"}},"serverVersion":2},"serverTime":1795439204268}',
    )
    expect(plain(parseSyncResponse(body) as SyncResponse)).toEqual({
      changed: {
        a: { key: 'a', version: 1, hash: '', updatedAt: 1795439204268, source: 'old' },
        b: { key: 'b', version: 2, hash: 'h1', updatedAt: 1795439204268, source: 'old' },
      },
      mesh: { peers: ['p2'], serverVersion: 2 },
      serverTime: 1795439204268,
    })
  })

  it('keeps a key named __proto__ as data and validates it, as the schema does', () => {
    const body = JSON.parse(
      '{"changed":{"__proto__":{"key":"__proto__","version":3,"hash":"x","updatedAt":1}},"mesh":{"peers":[],"serverVersion":3},"serverTime":1}',
    )
    const parsed = parseSyncResponse(body)
    expect(Object.getOwnPropertyDescriptor(parsed?.changed, '__proto__')?.value).toEqual({
      key: '__proto__',
      version: 3,
      hash: 'x',
      updatedAt: 1,
    })
    expect(Object.getPrototypeOf(parsed?.changed)).toBeNull()
    const garbage = JSON.parse('{"changed":{"__proto__":7},"mesh":{"peers":[],"serverVersion":3},"serverTime":1}')
    expect(SyncResponseSchema.safeParse(body).success).toBe(true)
    expect(SyncResponseSchema.safeParse(garbage).success).toBe(false)
    expect(parseSyncResponse(garbage)).toBeUndefined()
  })
})
