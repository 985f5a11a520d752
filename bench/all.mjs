#!/usr/bin/env node
/**
 * @module
 * `npm run bench`: every comparison benchmark in turn, at sizes that fit in about 15 minutes on a 2-core machine,
 * each writing its results file (bench/results/*.json), then the charts and tables of docs/BENCHMARKS.md.
 * Each part also runs alone (`npm run bench:idle`, `bench:stream`, `bench:freshness-cost`, `bench:sync`,
 * `bench:edge`, `bench:chat`) at its own, larger defaults. Run `npm run build && npm run build:examples` first (`npm run bench`
 * does).
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const bench = (script) => fileURLToPath(new URL(script, import.meta.url))
const noPin = process.argv.includes('--no-pin') ? ['--no-pin'] : []

/** The parts and the sizes `npm run bench` runs them at (docs/BENCHMARKS.md states them). */
const PARTS = [
  ['idle', 'idle.mjs', ['--counts', '1000,5000,10000', '--window', '10']],
  ['stream', 'stream.mjs', ['--clients', '500', '--minutes', '5']],
  ['freshness-cost', 'freshness-cost.mjs', ['--clients', '100', '--minutes', '3']],
  ['sync', 'sync.mjs', ['--rounds', '3', '--duration', '5', '--warmup', '2']],
  ['edge', 'edge.mjs', ['--viewers', '1000,10000', '--seconds', '20']],
  [
    'chat',
    'chat.mjs',
    [
      '--events',
      '10000',
      '--batched-events',
      '50000',
      '--history',
      '5000',
      '--members',
      '1000',
      '--core-events',
      '20000',
      '--core-batched-events',
      '100000',
    ],
  ],
]

const started = performance.now()
for (const [name, script, args] of PARTS) {
  console.log(`\n=== ${name} ===`)
  const partStarted = performance.now()
  const run = spawnSync(process.execPath, [bench(script), ...args, ...noPin], { stdio: 'inherit' })
  if (run.status !== 0) throw new Error(`${script} failed with ${run.status ?? run.signal}`)
  console.log(`${name}: ${((performance.now() - partStarted) / 60_000).toFixed(1)} min`)
}

const charts = spawnSync(process.execPath, [bench('charts.mjs')], { stdio: 'inherit' })
if (charts.status !== 0) throw new Error('charts.mjs failed')
console.log(`\nall parts in ${((performance.now() - started) / 60_000).toFixed(1)} min`)
