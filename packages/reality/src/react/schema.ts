/** One problem a Standard Schema validator found. */
export interface StandardSchemaIssue {
  /** What is wrong. */
  readonly message: string
  /** Where: the keys from the root of the value down to the offending one. */
  readonly path?:
    | ReadonlyArray<
        | PropertyKey
        | {
            /** The key of this path segment. */
            readonly key: PropertyKey
          }
      >
    | undefined
}

/** What a Standard Schema validator returns: the (possibly transformed) value, or the issues. */
export type StandardSchemaResult<T> =
  | {
      /** The validated (possibly transformed) value. */
      readonly value: T
      /** Absent on success. */
      readonly issues?: undefined
    }
  | {
      /** Why the value was rejected. */
      readonly issues: ReadonlyArray<StandardSchemaIssue>
    }

/**
 * The Standard Schema v1 interface (standardschema.dev), written out here so that no validator is a dependency:
 * Zod 3.24+, Valibot 1, ArkType 2 and others implement it.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The Standard Schema properties, under a name no validator uses for anything else. */
  readonly '~standard': {
    /** The version of the Standard Schema interface: 1. */
    readonly version: 1
    /** The library that made the schema (`zod`, `valibot`, `arktype`…). */
    readonly vendor: string
    /** Validates a value; may be asynchronous. */
    readonly validate: (value: unknown) => StandardSchemaResult<Output> | Promise<StandardSchemaResult<Output>>
    /** Type-only: the schema's input and output types. */
    readonly types?:
      | {
          /** The type the schema accepts. */
          readonly input: Input
          /** The type it produces. */
          readonly output: Output
        }
      | undefined
  }
}

/**
 * What `useReality` accepts as `schema`: a Standard Schema (Zod, Valibot, ArkType…), or anything with Zod's `parse`
 * or `safeParse` (zod/mini, a hand-written guard). Only its shape is used, so the client never bundles a validator.
 */
export type RealitySchema<T> =
  | StandardSchemaV1<unknown, T>
  | {
      /** Returns the validated value or throws (Zod's `parse`). */
      parse(value: unknown): T
    }
  | {
      /** Returns the validated value or the error without throwing (Zod's `safeParse`). */
      safeParse(value: unknown):
        | {
            /** Validation passed. */
            success: true
            /** The validated value. */
            data: T
          }
        | {
            /** Validation failed. */
            success: false
            /** Why. */
            error: unknown
          }
    }

const describe = (issue: StandardSchemaIssue): string => {
  const path = issue.path?.map((part) => String(typeof part === 'object' ? part.key : part)).join('.')
  return path ? `${path}: ${issue.message}` : issue.message
}

/**
 * Validates `value`; a rejected payload throws, so it becomes the key's `error` instead of its `data`. `parse` /
 * `safeParse` are preferred when present (Zod then reports its own `ZodError`).
 */
export const parseWith = async <T>(schema: RealitySchema<T>, value: unknown): Promise<T> => {
  if ('safeParse' in schema && typeof schema.safeParse === 'function') {
    const result = schema.safeParse(value)
    if (result.success) return result.data
    if (result.error instanceof Error) throw result.error
    throw new Error(`payload failed validation: ${String(result.error)}`)
  }
  if ('parse' in schema && typeof schema.parse === 'function') return schema.parse(value)
  const result = await (schema as StandardSchemaV1<unknown, T>)['~standard'].validate(value)
  if (result.issues) {
    throw new Error(`payload failed validation: ${result.issues.map(describe).join('; ')}`, { cause: result.issues })
  }
  return result.value
}
