import { build } from 'esbuild'

/*
 * Builds the example into dist/: the two pages' scripts for the browser, and the server and measuring commands
 * for Node (the workspace packages stay imports of their built dist).
 */
const here = (path) => new URL(path, import.meta.url).pathname

await build({
  entryPoints: [here('src/old-page.ts'), here('src/new-page.ts')],
  outdir: here('dist'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  logLevel: 'warning',
  // tsup's shared chunks are imported for nothing but their side effects, which the package says it has none of.
  logOverride: { 'ignored-bare-import': 'silent' },
})
await build({
  entryPoints: [here('server/main.ts'), here('server/measure.ts')],
  outdir: here('dist'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
})
