declare const payloadType: unique symbol

/**
 * A key that carries the type of its payload: a plain string at runtime, so it works wherever a key does. The hooks
 * and client methods read the data type from it, so it is declared once, beside the key, instead of at each call.
 */
export type RealityKey<T> = string & {
  /** Type only, never set: carries the payload type `T`. */
  readonly [payloadType]?: T
}

/**
 * Binds `key` to its payload type `T`.
 *
 * @example
 * const postsKey = realityKey<Post[]>('posts')
 * const userKey = (id: string) => realityKey<User>(`user:${id}`)
 * client.getState(postsKey).data // Post[] | undefined
 */
export const realityKey = <T>(key: string): RealityKey<T> => key as RealityKey<T>
