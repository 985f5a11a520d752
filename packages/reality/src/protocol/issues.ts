import type * as z from 'zod/mini'

/*
 * Error bodies list what was wrong, but their size must not grow with the request: a body of
 * thousands of bad keys would otherwise come back many times larger. At most `MAX_LISTED_ISSUES`
 * are listed, and each path segment (a key is one) is cut to `MAX_ECHOED_SEGMENT` characters.
 */

/** Most issues listed in an error body; the rest are counted in one last entry. */
export const MAX_LISTED_ISSUES = 20
/** Most issues named in an error message. */
export const MAX_SUMMARIZED_ISSUES = 5
/** Longest path segment echoed back; longer ones end in `…`. */
export const MAX_ECHOED_SEGMENT = 64

const truncate = (segment: string): string =>
  segment.length > MAX_ECHOED_SEGMENT ? `${segment.slice(0, MAX_ECHOED_SEGMENT)}…` : segment

const pathOf = (issue: z.core.$ZodIssue): string =>
  issue.path.length ? issue.path.map((segment) => truncate(String(segment))).join('.') : '(root)'

const unlisted = (count: number): string => `${count} more issue${count === 1 ? '' : 's'} not listed`

/** Flattens Zod issues into `{ path: "known.foo", message }` pairs for error bodies, at most `MAX_LISTED_ISSUES`. */
export const describeIssues = (
  issues: readonly z.core.$ZodIssue[],
): {
  /** The field, as a dotted path (`known.foo`), `(root)` or `(more)`. */
  path: string
  /** What is wrong with it. */
  message: string
}[] => {
  const listed = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => ({ path: pathOf(issue), message: issue.message }))
  if (issues.length > MAX_LISTED_ISSUES)
    listed.push({ path: '(more)', message: unlisted(issues.length - MAX_LISTED_ISSUES) })
  return listed
}

/** One line naming the first problems, e.g. `known.a: version must be a non-negative integer`. */
export const summarizeIssues = (issues: readonly z.core.$ZodIssue[]): string => {
  const named = issues.slice(0, MAX_SUMMARIZED_ISSUES).map((issue) => `${pathOf(issue)}: ${issue.message}`)
  if (issues.length > MAX_SUMMARIZED_ISSUES) named.push(unlisted(issues.length - MAX_SUMMARIZED_ISSUES))
  return named.join('; ')
}
