/**
 * The server's `publicKeys` option: keys whose state is the same for every viewer, which a shared cache may keep.
 * Key prefixes (`['chat:room:', 'presence:']`) or a predicate. Applied after `authorize`: a key is public only when
 * the hook allowed it for this request too. Without it no key is public and no answer is ever publicly cacheable.
 */
export type PublicKeys = readonly string[] | ((key: string) => boolean)

/** The test of one key; always false without the option. */
export const publicKeyTest = (option: PublicKeys | undefined): ((key: string) => boolean) => {
  if (option === undefined) return () => false
  if (typeof option === 'function') return (key) => option(key) === true
  const prefixes = [...option]
  if (prefixes.some((prefix) => typeof prefix !== 'string' || prefix.length === 0))
    throw new TypeError(
      'publicKeys: every prefix must be a non-empty string (an empty one would make every key public)',
    )
  return (key) => prefixes.some((prefix) => key.startsWith(prefix))
}
