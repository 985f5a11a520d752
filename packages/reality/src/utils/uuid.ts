/** A random UUID v4: `crypto.randomUUID` where present (secure contexts), else random bytes formatted as one. */
export const uuid = (): string => {
  const c = (globalThis as { crypto?: Partial<Crypto> }).crypto
  if (c?.randomUUID) return c.randomUUID()
  // Insecure origins lack randomUUID but have getRandomValues; bare React Native has neither.
  const bytes = c?.getRandomValues
    ? c.getRandomValues(new Uint8Array(16))
    : Uint8Array.from({ length: 16 }, () => Math.random() * 256)
  bytes[6] = (bytes[6] & 15) | 64
  bytes[8] = (bytes[8] & 63) | 128
  return Array.from(bytes, (b) => (b + 256).toString(16).slice(1))
    .join('')
    .replace(/(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-')
}
