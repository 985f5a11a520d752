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
  it('gives the published FNV-1a 64 test vectors, and fixed outputs for UTF-8 text', () => {
    expect(createHash('')).toBe('cbf29ce484222325')
    expect(createHash('a')).toBe('af63dc4c8601ec8c')
    expect(createHash('foobar')).toBe('85944171f73967e8')
    expect(createHash('chat:room:général 💬')).toBe('d8461081c92cf515')
  })

  it('equals FNV-1a 64 computed with 64-bit BigInt arithmetic', () => {
    const reference = (bytes: Uint8Array): string => {
      let h = 0xcbf29ce484222325n
      for (const byte of bytes) h = BigInt.asUintN(64, (h ^ BigInt(byte)) * 0x100000001b3n)
      return h.toString(16).padStart(16, '0')
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        expect(createHash(bytes)).toBe(reference(bytes))
      }),
      { numRuns: 2_000 },
    )
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
