#!/usr/bin/env node
// Type-checks every ```ts / ```tsx / ```typescript fence in README.md, packages/*/README.md and docs/*.md
// against the BUILT packages (run `npm run build` first), and runs the fences marked `<!-- snippet: run -->`.
// Directives are an HTML comment on the line(s) just before the fence (blank lines allowed in between):
//   <!-- snippet: prelude=server -->          prepend scripts/doc-snippets/preludes/server.d.ts (names joined by ,)
//   <!-- snippet: run -->                     also execute it with node (it must finish on its own)
//   <!-- snippet: skip reason="pseudo-code" -->  not checked; a reason is required
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { transformSync } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const preludeDir = join(root, 'scripts/doc-snippets/preludes')
// Inside node_modules so the snippets resolve @rootlodge/* to the workspace packages (and their dist).
const work = join(root, 'node_modules/.cache/doc-snippets')
const fence = /^```(ts|tsx|typescript)\s*$/
const directive = /^<!--\s*snippet:(.*)-->\s*$/
const howTo = `Mark a deliberately partial snippet with one of these on the line before its fence:
  <!-- snippet: prelude=NAME -->  the names it uses without defining are declared (declare const …) in scripts/doc-snippets/preludes/NAME.d.ts
  <!-- snippet: skip reason="why it cannot compile" -->  pseudo-code only; the reason is required`

function markdownFiles() {
  const files = ['README.md']
  for (const pkg of readdirSync(join(root, 'packages'))) {
    if (existsSync(join(root, 'packages', pkg, 'README.md'))) files.push(`packages/${pkg}/README.md`)
  }
  for (const doc of readdirSync(join(root, 'docs'))) if (doc.endsWith('.md')) files.push(`docs/${doc}`)
  return files
}

function parseDirective(text, where) {
  const opts = { preludes: [], run: false, skip: null }
  const body = text.trim()
  const skip = body.match(/^skip\s+reason="([^"]+)"$/)
  if (body.startsWith('skip')) {
    if (!skip) throw new Error(`${where}: "skip" needs a reason: <!-- snippet: skip reason="…" -->`)
    opts.skip = skip[1]
    return opts
  }
  for (const word of body.split(/\s+/).filter(Boolean)) {
    if (word === 'run') opts.run = true
    else if (word.startsWith('prelude=')) opts.preludes.push(...word.slice(8).split(','))
    else throw new Error(`${where}: unknown snippet directive "${word}"`)
  }
  return opts
}

function extract(file) {
  const lines = readFileSync(join(root, file), 'utf8').split('\n')
  const snippets = []
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(fence)
    if (!open) {
      if (lines[i].startsWith('```')) while (++i < lines.length && !lines[i].startsWith('```'));
      continue
    }
    let d = i - 1
    while (d >= 0 && lines[d].trim() === '') d--
    const m = d >= 0 ? lines[d].match(directive) : null
    const opts = m ? parseDirective(m[1], `${file}:${d + 1}`) : parseDirective('', '')
    const start = i + 1
    while (++i < lines.length && !lines[i].startsWith('```'));
    snippets.push({ file, line: start + 1, lang: open[1], code: lines.slice(start, i).join('\n'), ...opts })
  }
  return snippets
}

for (const pkg of ['reality', 'reality-server']) {
  if (!existsSync(join(root, 'packages', pkg, 'dist/index.d.ts'))) {
    console.error(
      `packages/${pkg}/dist is missing: the snippets check against the built packages, run npm run build first`,
    )
    process.exit(1)
  }
}
const snippets = markdownFiles().flatMap(extract)
rmSync(work, { recursive: true, force: true })
mkdirSync(work, { recursive: true })
writeFileSync(join(work, 'package.json'), '{ "type": "module" }\n')
const tsconfig = JSON.stringify({
  compilerOptions: {
    strict: true,
    noEmit: true,
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    jsx: 'react-jsx',
    types: ['node'],
    skipLibCheck: true,
  },
  include: ['*.ts', '*.tsx'],
})

// One tsc program per prelude set (few): a prelude is a global script, so it reaches only its own snippets.
const byModule = new Map()
const groups = new Set()
for (const [n, s] of snippets.entries()) {
  if (s.skip) continue
  const group = s.preludes.length ? s.preludes.toSorted().join('+') : 'plain'
  if (!groups.has(group)) {
    mkdirSync(join(work, group))
    for (const name of s.preludes) {
      const path = join(preludeDir, `${name}.d.ts`)
      if (!existsSync(path)) throw new Error(`${s.file}:${s.line - 1}: no prelude "${name}" (${relative(root, path)})`)
      writeFileSync(join(work, group, `prelude-${name}.d.ts`), readFileSync(path, 'utf8'))
    }
    writeFileSync(join(work, group, 'tsconfig.json'), tsconfig)
    groups.add(group)
  }
  s.module = `${group}/snippet-${n}.${s.lang === 'tsx' ? 'tsx' : 'ts'}`
  writeFileSync(join(work, s.module), `${s.code}\nexport {}\n`)
  byModule.set(`snippet-${n}`, s)
}

const failed = new Set()
for (const group of groups) {
  const tsc = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(work, group), '--pretty', 'false'],
    {
      encoding: 'utf8',
    },
  )
  for (const line of tsc.stdout.split('\n')) {
    const m = line.match(/(?:^|\/)(snippet-\d+)\.tsx?\((\d+),(\d+)\): (.*)$/)
    if (!m) {
      if (line.trim()) console.error(line)
      continue
    }
    const s = byModule.get(m[1])
    const at = Number(m[2])
    failed.add(s)
    console.error(
      `${s.file}:${s.line + at - 1}:${m[3]}: ${m[4]} [snippet ${s.file}:${s.line}]\n    ${(s.code.split('\n')[at - 1] ?? '').trim()}`,
    )
  }
  if (tsc.status !== 0 && failed.size === 0) process.exit(tsc.status ?? 1)
}

let ran = 0
for (const s of byModule.values()) {
  if (!s.run || failed.has(s)) continue
  const out = join(work, s.module.replace(/\.tsx?$/, '.mjs'))
  writeFileSync(
    out,
    transformSync(readFileSync(join(work, s.module), 'utf8'), {
      loader: s.lang === 'tsx' ? 'tsx' : 'ts',
      format: 'esm',
      jsx: 'automatic',
    }).code,
  )
  const r = spawnSync(process.execPath, [out], { encoding: 'utf8', timeout: 30_000 })
  if (r.status !== 0) {
    failed.add(s)
    console.error(
      `${s.file}:${s.line}: the runnable snippet failed (exit ${r.status ?? r.signal})\n${r.stdout}${r.stderr}`,
    )
  } else ran++
}

const skipped = snippets.filter((s) => s.skip)
console.log(
  `doc snippets: ${byModule.size} type-checked, ${ran} run, ${skipped.length} skipped` +
    skipped.map((s) => `\n  skipped ${s.file}:${s.line}: ${s.skip}`).join(''),
)
if (failed.size > 0) {
  console.error(`\n${failed.size} snippet(s) failed.\n${howTo}`)
  process.exit(1)
}
