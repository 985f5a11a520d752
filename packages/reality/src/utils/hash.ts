import { utf8 } from './utf8'

const hex = (n: number): string => (n >>> 0).toString(16).padStart(8, '0')

/**
 * A 64-bit, non-cryptographic content hash as 16 hex characters, computed over the UTF-8 bytes of `input` with
 * 32-bit integer arithmetic only (`Math.imul`), so browsers, Node, Bun and Deno give the same output. Use it for the
 * `hash` of a node: equal content → equal hash; a different hash makes clients refetch.
 *
 * @example
 * await server.updateNode('posts', createHash(posts.map((p) => p.id).join(',')))
 */
export const createHash = (input: string | Uint8Array): string => {
  const bytes = typeof input === 'string' ? utf8(input) : input
  // Two independently seeded multiply-xor lanes, each finished with an avalanche step.
  let a = 0x811c9dc5 ^ bytes.length
  let b = 0x9e3779b9
  for (let i = 0; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i], 0x01000193)
    b = Math.imul(b ^ bytes[i], 0x5bd1e995)
    b ^= b >>> 15
  }
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b) ^ b
  b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35) ^ a
  a = Math.imul(a ^ (a >>> 16), 0x27d4eb2f)
  b = Math.imul(b ^ (b >>> 16), 0x165667b1)
  return hex(a ^ (b >>> 7)) + hex(b)
}
