#!/usr/bin/env node
/**
 * @module
 * `npm run bench:charts`: regenerates the charts (docs/benchmarks/*.svg) and the tables of docs/BENCHMARKS.md from
 * the results files in bench/results/, without measuring anything. Each part's figures go between the markers
 * `<!-- results:NAME -->` and `<!-- /results:NAME -->`; the prose around them is kept as written.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { PARTS, provenance, renderSvg } from './support/charts.mjs'
import { RESULTS_DIR } from './support/results.mjs'

const DOC = fileURLToPath(new URL('../docs/BENCHMARKS.md', import.meta.url))
const SVG_DIR = fileURLToPath(new URL('../docs/benchmarks/', import.meta.url))
const COMMANDS = {
  idle: 'npm run bench:idle',
  stream: 'npm run bench:stream',
  'freshness-cost': 'npm run bench:freshness-cost',
  sync: 'npm run bench:sync',
  chat: 'npm run bench:chat',
}

let doc = readFileSync(DOC, 'utf8')
mkdirSync(SVG_DIR, { recursive: true })
for (const [name, part] of Object.entries(PARTS)) {
  const file = `${RESULTS_DIR}${name}.json`
  let block
  if (existsSync(file)) {
    const record = JSON.parse(readFileSync(file, 'utf8'))
    const images = []
    for (const [chart, spec] of Object.entries(part.charts(record))) {
      writeFileSync(`${SVG_DIR}${chart}.svg`, await renderSvg(spec))
      images.push(`![${spec.title}](./benchmarks/${chart}.svg)`)
      console.log(`wrote docs/benchmarks/${chart}.svg`)
    }
    block = [...images, part.table(record), provenance(record)].join('\n\n')
  } else
    block = `_No results file yet (bench/results/${name}.json)${COMMANDS[name] ? `: run \`${COMMANDS[name]}\`` : ''}._`
  const open = `<!-- results:${name} -->`
  const close = `<!-- /results:${name} -->`
  const from = doc.indexOf(open)
  const to = doc.indexOf(close)
  if (from === -1 || to === -1) throw new Error(`docs/BENCHMARKS.md has no ${open} … ${close} block`)
  doc = `${doc.slice(0, from + open.length)}\n${block}\n${doc.slice(to)}`
}
writeFileSync(DOC, doc)
console.log('updated docs/BENCHMARKS.md')
