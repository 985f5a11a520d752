import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createHash } from './hash'
import { utf8 } from './utf8'

describe('utf8', () => {
  it('encodes exactly like TextEncoder, lone surrogates included', () => {
    const encoder = new TextEncoder()
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary-ascii' }),
    )
    fc.assert(
      fc.property(text, (s) => {
        expect(utf8(s)).toEqual([...encoder.encode(s)])
      }),
      { numRuns: 2_000 },
    )
    expect(utf8('\ud800x\udc00')).toEqual([...encoder.encode('\ud800x\udc00')])
  })
})

describe('createHash', () => {
  it('gives fixed outputs (the same in every runtime: 32-bit integer arithmetic only)', () => {
    expect(createHash('')).toBe('37c1b32dae49d411')
    expect(createHash('hello')).toBe('3650bc05a1125750')
    expect(createHash('1,2,3')).toBe('0f1e3107bbbbea0f')
    expect(createHash('chat:room:général 💬')).toBe('7a4506fafe7beb12')
  })

  it('hashes the UTF-8 bytes: a string and its encoded bytes agree', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(createHash(s)).toBe(createHash(new TextEncoder().encode(s)))
      }),
    )
  })

  it('does not collide on 200,000 distinct near-identical inputs', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 100_000; i++) {
      seen.add(createHash(`message-${i}`))
      seen.add(createHash(JSON.stringify({ id: i, text: 'x' })))
    }
    expect(seen.size).toBe(200_000)
  })

  it('changes with any single byte', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (bytes, at, flip) => {
          const other = bytes.slice()
          other[at % bytes.length] ^= flip
          expect(createHash(other)).not.toBe(createHash(bytes))
        },
      ),
    )
  })
})
