/*
 * A strict reader of the Prometheus text format (0.0.4), enough to prove our exposition
 * parses: every sample belongs to a family declared by HELP and TYPE before it, label values
 * are quoted and escaped, values are numbers, and histograms are cumulative up to +Inf = count.
 */

export interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

export interface Family {
  name: string
  type: string
  help: string
  samples: Sample[]
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*'
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)$`)
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y

const parseLabels = (text: string, line: string): Record<string, string> => {
  const labels: Record<string, string> = {}
  LABEL.lastIndex = 0
  while (LABEL.lastIndex < text.length) {
    const match = LABEL.exec(text)
    if (!match) throw new Error(`bad labels in: ${line}`)
    labels[match[1]] = match[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c))
  }
  return labels
}

const parseValue = (text: string, line: string): number => {
  if (text === '+Inf') return Infinity
  if (text === '-Inf') return -Infinity
  if (text === 'NaN') return NaN
  const value = Number(text)
  if (text === '' || Number.isNaN(value)) throw new Error(`bad value in: ${line}`)
  return value
}

/** The family a sample name belongs to: a histogram's `_bucket`, `_sum` and `_count` lines are its own. */
const familyOf = (name: string, families: Map<string, Family>): Family | undefined => {
  const direct = families.get(name)
  if (direct) return direct
  const base = name.replace(/_(bucket|sum|count)$/, '')
  const family = families.get(base)
  return family?.type === 'histogram' ? family : undefined
}

export const parsePrometheus = (text: string): Map<string, Family> => {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline')
  const families = new Map<string, Family>()
  let help: { name: string; text: string } | undefined
  for (const line of text.slice(0, -1).split('\n')) {
    const comment = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line)
    if (comment) {
      const [, kind, name, rest] = comment
      if (!new RegExp(`^${NAME}$`).test(name)) throw new Error(`bad metric name: ${name}`)
      if (kind === 'HELP') help = { name, text: rest }
      else {
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest))
          throw new Error(`bad type: ${line}`)
        if (families.has(name)) throw new Error(`family declared twice: ${name}`)
        if (help?.name !== name) throw new Error(`TYPE without its HELP: ${line}`)
        families.set(name, { name, type: rest, help: help.text, samples: [] })
      }
      continue
    }
    const match = SAMPLE.exec(line)
    if (!match) throw new Error(`not a sample line: ${line}`)
    const family = familyOf(match[1], families)
    if (!family) throw new Error(`sample before its TYPE: ${line}`)
    family.samples.push({
      name: match[1],
      labels: parseLabels(match[2] ?? '', line),
      value: parseValue(match[3], line),
    })
  }
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family)
  return families
}

const checkHistogram = (family: Family): void => {
  const buckets = family.samples.filter((s) => s.name === `${family.name}_bucket`)
  const count = family.samples.find((s) => s.name === `${family.name}_count`)?.value
  let previous = { le: -Infinity, value: 0 }
  for (const bucket of buckets) {
    const le = parseValue(bucket.labels.le, family.name)
    if (!(le > previous.le) || bucket.value < previous.value) throw new Error(`${family.name}: buckets not cumulative`)
    previous = { le, value: bucket.value }
  }
  if (previous.le !== Infinity || previous.value !== count)
    throw new Error(`${family.name}: +Inf bucket is not the count`)
}

/** The value of the sample `name` whose labels include `labels`. */
export const sampleValue = (
  families: Map<string, Family>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined => {
  for (const family of families.values())
    for (const sample of family.samples)
      if (sample.name === name && Object.entries(labels).every(([k, v]) => sample.labels[k] === v)) return sample.value
  return undefined
}
