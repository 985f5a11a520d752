// Bundles the example into dist/: the Node entries (main, measure) and the page's script. The Reality packages
// are bundled from their built dist (`npm run build` at the root first).
import { build } from 'esbuild'

const dir = new URL('.', import.meta.url).pathname
await build({
  entryPoints: { main: `${dir}src/main.ts`, measure: `${dir}src/measure.ts` },
  outdir: `${dir}dist`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
})
await build({
  entryPoints: { browser: `${dir}src/browser.ts` },
  outdir: `${dir}dist`,
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  minify: true,
  logLevel: 'error', // the client's dist re-imports chunks esbuild rightly skips as side-effect free
})
