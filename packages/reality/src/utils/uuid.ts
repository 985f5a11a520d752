/** A random UUID v4: `crypto.randomUUID` where present (secure contexts), else random nibbles in its template. */
export const uuid = (): string => {
  const c = (globalThis as { crypto?: Partial<Crypto> }).crypto
  // Insecure origins lack randomUUID but have getRandomValues; bare React Native has neither.
  const random = (): number => (c?.getRandomValues ? c.getRandomValues(new Uint8Array(1))[0] : Math.random() * 256)
  // Each x is a random nibble; y holds the variant bits (8, 9, a or b).
  return (
    c?.randomUUID?.() ??
    'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (ch) =>
      ((ch === 'x' ? random() : (random() & 3) | 8) & 15).toString(16),
    )
  )
}
