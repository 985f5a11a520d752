import type { AuthorizeContext } from './context'

/**
 * The server's `authorize` option: which of the requested keys this request may learn the state of. Called before
 * any lookup, with the keys of the request; return (or resolve to) the allowed ones, as an array or a set. A key
 * left out behaves exactly like a key that does not exist. A hook that throws or rejects denies every key.
 *
 * @example
 * authorize: (ctx, keys) => {
 *   const id = ctx.user ? (ctx.user as { id: string }).id : undefined
 *   return keys.filter((key) => key.startsWith('chat:room:') || (id !== undefined && key.startsWith(`user:${id}:`)))
 * }
 */
export type Authorize = (ctx: AuthorizeContext, keys: readonly string[]) => Iterable<string> | Promise<Iterable<string>>

/**
 * The keys of `keys` that `authorize` allows, in request order: all of them without a hook. A throwing hook, or one
 * that returns something not iterable, fails closed (none allowed); `onFailure` is told why.
 */
export const allowedKeys = async (
  authorize: Authorize | undefined,
  ctx: AuthorizeContext,
  keys: readonly string[],
  onFailure: (error: unknown) => void,
): Promise<string[]> => {
  if (!authorize) return [...keys]
  let allowed: Set<string>
  try {
    // The hook gets its own copy: it may not edit what is looked up afterwards.
    allowed = new Set(await authorize(ctx, Object.freeze([...keys])))
  } catch (error) {
    onFailure(error)
    return []
  }
  return keys.filter((key) => allowed.has(key))
}
