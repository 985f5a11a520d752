import type { Histogram } from './histogram'

/*
 * The Prometheus text exposition format (version 0.0.4), written by hand: prom-client needs
 * Node, and this server also runs on Bun, Deno and Workers. It only needs HELP, TYPE, samples
 * with escaped labels and the bucket/sum/count lines of a histogram.
 */

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

export type Labels = Record<string, string>

const escapeLabel = (value: string): string =>
  value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')

const labelText = (labels: Labels): string => {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabel(value)}"`)
  return pairs.length ? `{${pairs.join(',')}}` : ''
}

const number = (value: number): string =>
  Number.isNaN(value) ? 'NaN' : value === Infinity ? '+Inf' : value === -Infinity ? '-Inf' : String(value)

/** Collects metric families and renders them as one exposition text. */
export class ExpositionWriter {
  readonly #lines: string[] = []

  #family(name: string, type: string, help: string): void {
    this.#lines.push(
      `# HELP ${name} ${help.replaceAll('\\', '\\\\').replaceAll('\n', '\\n')}`,
      `# TYPE ${name} ${type}`,
    )
  }

  /** A counter or gauge family: one sample per labels set (none for an empty list). */
  samples(name: string, type: 'counter' | 'gauge', help: string, samples: [Labels, number][]): this {
    this.#family(name, type, help)
    for (const [labels, value] of samples) this.#lines.push(`${name}${labelText(labels)} ${number(value)}`)
    return this
  }

  /** One unlabelled counter or gauge. */
  value(name: string, type: 'counter' | 'gauge', help: string, value: number): this {
    return this.samples(name, type, help, [[{}, value]])
  }

  histogram(name: string, help: string, histogram: Histogram): this {
    this.#family(name, 'histogram', help)
    const cumulative = histogram.cumulative()
    histogram.bounds.forEach((bound, i) => {
      this.#lines.push(`${name}_bucket{le="${number(bound)}"} ${cumulative[i]}`)
    })
    this.#lines.push(
      `${name}_bucket{le="+Inf"} ${histogram.count}`,
      `${name}_sum ${number(histogram.sum)}`,
      `${name}_count ${histogram.count}`,
    )
    return this
  }

  toString(): string {
    return `${this.#lines.join('\n')}\n`
  }
}
