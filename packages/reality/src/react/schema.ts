/**
 * What `useReality` accepts as `schema`: anything with Zod's `parse` or `safeParse` (Zod, zod/mini, a
 * hand-written guard). Only its shape is used, so the client never bundles a validator.
 */
export type RealitySchema<T> =
  | { parse(value: unknown): T }
  | { safeParse(value: unknown): { success: true; data: T } | { success: false; error: unknown } }

/** Validates `value`; a rejected payload throws, so it becomes the key's `error` instead of its `data`. */
export const parseWith = <T>(schema: RealitySchema<T>, value: unknown): T => {
  if ('safeParse' in schema && typeof schema.safeParse === 'function') {
    const result = schema.safeParse(value)
    if (result.success) return result.data
    if (result.error instanceof Error) throw result.error
    throw new Error(`payload failed validation: ${String(result.error)}`)
  }
  return (schema as { parse(value: unknown): T }).parse(value)
}
