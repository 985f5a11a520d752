import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { load, machine } from './machine.mjs'

/**
 * The end of a bench that checks itself (fuzz, soak): prints the load average and the checks, writes
 * bench/results/<bench>.json (machine, load average, options, the bench's own `figures`, checks) and
 * returns whether every check passed.
 */
export const reportChecks = (bench, { loadAtStart, options, checks, ...figures }) => {
  const loadAtEnd = load()
  console.log(`load average: start ${loadAtStart.join(' ')}, end ${loadAtEnd.join(' ')}`)
  console.log(
    `checks: ${Object.entries(checks)
      .map(([k, ok]) => `${k} ${ok ? 'ok' : 'FAILED'}`)
      .join(', ')}`,
  )
  const file = fileURLToPath(new URL(`../results/${bench}.json`, import.meta.url))
  mkdirSync(dirname(file), { recursive: true })
  const result = {
    bench,
    machine: machine(),
    loadAverage: { start: loadAtStart, end: loadAtEnd },
    options,
    ...figures,
    checks,
  }
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`)
  console.log(`written to ${file}`)
  return Object.values(checks).every(Boolean)
}
