import { utf8 } from './utf8'

const hex = (n: number): string => (n >>> 0).toString(16).padStart(8, '0')

/**
 * FNV-1a 64 (Fowler–Noll–Vo, as specified in draft-eastlake-fnv) of the UTF-8 bytes of `input`, as 16 hex
 * characters. Non-cryptographic: two different contents share a hash with probability about 2^-64, which is what
 * a missed update would take. Runs on two 32-bit halves with exact integer arithmetic, so every runtime agrees.
 * Use it for the `hash` of a node: equal content → equal hash; a different hash makes clients refetch.
 *
 * @example
 * await server.updateNode('posts', createHash(posts.map((p) => p.id).join(',')))
 */
export const createHash = (input: string | Uint8Array): string => {
  const bytes = typeof input === 'string' ? utf8(input) : input
  // The 64-bit offset basis 0xcbf29ce484222325, as high and low halves.
  let hi = 0xcbf29ce4
  let lo = 0x84222325
  for (let i = 0; i < bytes.length; i++) {
    lo ^= bytes[i]
    // × the prime 2^40 + 0x1b3 (mod 2^64): lo × 0x1b3 stays below 2^53, so it is exact; its top bits carry into hi.
    const low = (lo >>> 0) * 0x1b3
    hi = (Math.imul(hi, 0x1b3) + Math.floor(low / 0x100000000) + (lo << 8)) >>> 0
    lo = low >>> 0
  }
  return hex(hi) + hex(lo)
}
