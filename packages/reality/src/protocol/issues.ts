import type * as z from 'zod/mini'

/** Flattens Zod issues into `{ path: "known.foo", message }` pairs for error bodies and messages. */
export const describeIssues = (issues: readonly z.core.$ZodIssue[]): { path: string; message: string }[] =>
  issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '(root)',
    message: issue.message,
  }))

/** One line naming every problem, e.g. `known.a: version must be a non-negative integer`. */
export const summarizeIssues = (issues: readonly z.core.$ZodIssue[]): string =>
  describeIssues(issues)
    .map((i) => `${i.path}: ${i.message}`)
    .join('; ')
