#!/usr/bin/env node
// Type-checks every ```ts / ```tsx / ```typescript fence in README.md, packages/*/README.md and docs/*.md
// against the BUILT packages (run `npm run build` first), and runs the fences marked `<!-- snippet: run -->`.
// Directives are an HTML comment on the line(s) just before the fence (blank lines allowed in between):
//   <!-- snippet: prelude=server -->          prepend scripts/doc-snippets/preludes/server.d.ts (names joined by ,)
//   <!-- snippet: run -->                     also execute it with node (it must finish on its own)
//   <!-- snippet: skip reason="…" -->         not checked: only for a fence that cannot be type-checked at all
// Nothing is skipped silently. A fragment that uses names it does not define needs a prelude, and a type error is
// fixed in the doc: both fail the check (exit 1), and so does a skip whose reason is one of them.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { transformSync } from 'esbuild'
import ts from 'typescript'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const preludeDir = join(root, 'scripts/doc-snippets/preludes')
// Inside node_modules so the snippets resolve @rootlodge/* to the workspace packages (and their dist).
const work = join(root, 'node_modules/.cache/doc-snippets')
// An opening fence: up to 3 spaces of indentation (a fence inside a list item), the language, any info after it.
const opening = /^( {0,3})```\s*([\w+-]*)/
const tsLanguages = new Set(['ts', 'tsx', 'typescript'])
const directive = /^\s*<!--\s*snippet:(.*)-->\s*$/
const howTo = `How to fix:
  - A snippet that uses names it does not define gets a prelude, on the line before its fence:
      <!-- snippet: prelude=NAME -->   (several: prelude=server,drizzle)
    scripts/doc-snippets/preludes/NAME.d.ts declares those names with their real types (declare const server:
    import('@rootlodge/reality-server').RealityServer, …). Reuse a prelude or add a small one.
  - A type error means the doc no longer matches the API: correct the snippet against packages/*/src.
  - Only a fence that cannot be type-checked at all is skipped. Label a fence that is not TypeScript with its own
    language (\`\`\`sh, \`\`\`jsonc, …); otherwise mark it, with a reason printed on every run:
      <!-- snippet: skip reason="why it cannot be type-checked" -->`
// Skip reasons that stand for a fragment without its prelude or an unfixed type error: failures, not skips.
const evasiveSkip = /\b(fragments?|preludes?|type errors?|TS\d{4}|to fix|without declaring)\b/i

/** Problems found outside tsc (directives); each fails the run. */
const problems = []

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
  if (body.startsWith('skip')) {
    const skip = body.match(/^skip\s+reason="([^"]+)"$/)
    if (!skip) problems.push(`${where}: "skip" needs a reason: <!-- snippet: skip reason="…" -->`)
    else if (evasiveSkip.test(skip[1])) {
      problems.push(
        `${where}: "${skip[1]}" is not a reason to skip: the fence is checked anyway (its errors, if any, are listed above)`,
      )
    } else opts.skip = skip[1]
    return opts
  }
  for (const word of body.split(/\s+/).filter(Boolean)) {
    if (word === 'run') opts.run = true
    else if (word.startsWith('prelude=')) opts.preludes.push(...word.slice(8).split(',').filter(Boolean))
    else problems.push(`${where}: unknown snippet directive "${word}" (known: prelude=NAME, run, skip reason="…")`)
  }
  return opts
}

function extract(file) {
  const lines = readFileSync(join(root, file), 'utf8').split('\n')
  const snippets = []
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(opening)
    if (!open) continue
    const [, indent, lang] = open
    const start = i + 1
    while (++i < lines.length && !/^\s*```\s*$/.test(lines[i]));
    if (!tsLanguages.has(lang)) continue
    let d = start - 2
    while (d >= 0 && lines[d].trim() === '') d--
    const m = d >= 0 ? lines[d].match(directive) : null
    const opts = parseDirective(m ? m[1] : '', `${file}:${d + 1}`)
    const code = lines.slice(start, i).map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
    snippets.push({ file, line: start + 1, lang, code: code.join('\n'), ...opts })
  }
  return snippets
}

/** Which preludes declare `name` (for the hint on a name a snippet uses without defining). */
function preludesDeclaring(name) {
  const declares = new RegExp(`(?:declare\\s+(?:const|let|function|class|module)|interface|type)\\s+'?${name}\\b`)
  return readdirSync(preludeDir)
    .filter((file) => file.endsWith('.d.ts') && declares.test(readFileSync(join(preludeDir, file), 'utf8')))
    .map((file) => file.slice(0, -'.d.ts'.length))
}

/** A hint after a "cannot find" error: the preludes that declare the name, or that one is needed. */
function hint(message) {
  const name = message.match(/^TS(?:2304|2552|2582|2580|2867|2868): Cannot find name '([^']+)'/)?.[1]
  const module = message.match(/^TS(?:2307|2792): Cannot find module '([^']+)'/)?.[1]
  if (!name && !module) return ''
  const found = preludesDeclaring(name ?? module.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
  return found.length > 0
    ? `\n    fragment: add <!-- snippet: prelude=${found.join('|')} --> (it declares ${name ?? `module '${module}'`})`
    : `\n    fragment: declare ${name ?? `module '${module}'`} in a prelude (scripts/doc-snippets/preludes) and name it`
}

/**
 * Type-checks each group as its own program, in this process: the programs share one cache of parsed files (the DOM,
 * Node and React typings, the built packages), so each group costs its own snippets rather than a full tsc start.
 * Resolves to [group, diagnostics] in group order, each diagnostic as tsc prints it without --pretty.
 */
function typeCheck(groups) {
  const { options, errors } = ts.convertCompilerOptionsFromJson(compilerOptions, work)
  if (errors.length > 0) throw new Error(ts.flattenDiagnosticMessageText(errors[0].messageText, '\n'))
  const host = ts.createCompilerHost(options)
  const parsed = new Map()
  const getSourceFile = host.getSourceFile
  host.getSourceFile = (fileName, version, ...rest) => {
    const key = `${fileName}|${typeof version === 'object' ? `${version.languageVersion}:${version.impliedNodeFormat}` : version}`
    if (!parsed.has(key)) parsed.set(key, getSourceFile(fileName, version, ...rest))
    return parsed.get(key)
  }
  const moduleResolutionCache = ts.createModuleResolutionCache(work, (name) => name, options)
  host.resolveModuleNameLiterals = (literals, containingFile, redirect, compilerOptions, containingSourceFile) =>
    literals.map((literal) =>
      ts.resolveModuleName(
        literal.text,
        containingFile,
        compilerOptions,
        host,
        moduleResolutionCache,
        redirect,
        ts.getModeForUsageLocation(containingSourceFile, literal, compilerOptions),
      ),
    )
  return groups.map((group) => {
    const dir = join(work, group)
    const rootNames = readdirSync(dir)
      .filter((file) => /\.tsx?$/.test(file))
      .map((file) => join(dir, file))
    const program = ts.createProgram({ rootNames, options, host })
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const text = `error TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
      if (!d.file || d.start === undefined) return text
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start)
      return `${d.file.fileName}(${line + 1},${character + 1}): ${text}`
    })
    return [group, diagnostics]
  })
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
const compilerOptions = {
  strict: true,
  noEmit: true,
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  jsx: 'react-jsx',
  types: ['node'],
  skipLibCheck: true,
  // A file is a module when it imports or exports (every snippet, given `export {}`); the preludes, which do neither,
  // stay global scripts although the folder's package.json says "type": "module".
  moduleDetection: 'legacy',
}
// Written beside each group too, so `npx tsc -p node_modules/.cache/doc-snippets/GROUP` reproduces a failure.
const tsconfig = JSON.stringify({ compilerOptions, include: ['*.ts', '*.tsx'] })

// One tsc program per prelude set: a prelude is a global script, so it reaches only its own snippets.
const byModule = new Map()
const groups = new Set()
for (const [n, s] of snippets.entries()) {
  if (s.skip) continue
  const group = s.preludes.length ? [...new Set(s.preludes)].toSorted().join('+') : 'plain'
  if (!groups.has(group)) {
    mkdirSync(join(work, group))
    for (const name of new Set(s.preludes)) {
      const path = join(preludeDir, `${name}.d.ts`)
      // Copied as .ts, not .d.ts: skipLibCheck would let a prelude's mistakes (an unresolved type is `any`) pass.
      if (existsSync(path)) writeFileSync(join(work, group, `prelude-${name}.ts`), readFileSync(path, 'utf8'))
      else problems.push(`${s.file}:${s.line - 1}: no prelude "${name}" (${relative(root, path)})`)
    }
    writeFileSync(join(work, group, 'tsconfig.json'), tsconfig)
    groups.add(group)
  }
  s.module = `${group}/snippet-${n}.${s.lang === 'tsx' ? 'tsx' : 'ts'}`
  writeFileSync(join(work, s.module), `${s.code}\nexport {}\n`)
  byModule.set(`snippet-${n}`, s)
}

const failed = new Set()
let otherErrors = 0
for (const [group, diagnostics] of typeCheck([...groups])) {
  let outside = 0
  for (const line of diagnostics) {
    const m = line.match(/(?:^|\/)(snippet-\d+)\.tsx?\((\d+),(\d+)\): error (.*)$/s)
    if (!m) {
      // An error in a prelude (or a global one): the group's snippets are not really checked.
      const prelude = line.match(/^.*\/prelude-([\w-]+)\.ts(\(.*)$/s)
      console.error(
        prelude
          ? `scripts/doc-snippets/preludes/${prelude[1]}.d.ts${prelude[2]} [prelude=${group.replaceAll('+', ',')}]`
          : line,
      )
      outside++
      continue
    }
    const s = byModule.get(m[1])
    const at = Number(m[2])
    failed.add(s)
    const where = `snippet ${s.file}:${s.line}${s.preludes.length ? `, prelude=${s.preludes.join(',')}` : ''}`
    console.error(
      `${s.file}:${s.line + at - 1}:${m[3]}: ${m[4]} [${where}]\n    ${(s.code.split('\n')[at - 1] ?? '').trim()}${hint(m[4])}`,
    )
  }
  if (outside > 0) otherErrors++
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

for (const problem of problems) console.error(problem)
const skipped = snippets.filter((s) => s.skip)
console.log(
  `doc snippets: ${byModule.size} type-checked, ${ran} run, ${skipped.length} skipped` +
    skipped.map((s) => `\n  skipped ${s.file}:${s.line}: ${s.skip}`).join(''),
)
if (failed.size > 0 || problems.length > 0 || otherErrors > 0) {
  console.error(
    `\n${failed.size} snippet(s) failed, ${problems.length} directive problem(s), ${otherErrors} group(s) with errors outside the snippets.\n${howTo}`,
  )
  process.exit(1)
}
