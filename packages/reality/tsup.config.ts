import { readFile, writeFile } from 'node:fs/promises'
import { defineConfig } from 'tsup'

const MANGLED = [
  'held',
  'heldHash',
  'loader',
  'subs',
  'loaded',
  'syncError',
  'fetchError',
  'syncing',
  'fetching',
  'fetchVersion',
  'fetchDirty',
  'refetch',
  'dirty',
  'cleanDirty',
  'epoch',
  'mutating',
  'failures',
  'onFail',
  'timer',
  'sentVersion',
  'hydrate',
  'commit',
  'report',
  'state',
  'callback',
  'seen',
  'before',
  // SyncEngine and Cadence, internal too ('request' is not: it keys a transition table read by string).
  'entry',
  'onDone',
  'drop',
  'busy',
  'after',
  'arm',
  'armed',
]

/*
 * The React entry is a client module for React Server Components (Next.js App Router): it must start with
 * "use client", which esbuild drops from sources when it bundles, so it is written into the built files here. The devtools entry too. The
 * other entries hold no React and stay usable from server code.
 */
const CLIENT_ENTRIES = [
  'dist/react/index.js',
  'dist/react/index.cjs',
  'dist/devtools/index.js',
  'dist/devtools/index.cjs',
]
const DIRECTIVE = '"use client";\n'

const markClientEntries = async (): Promise<void> => {
  for (const file of CLIENT_ENTRIES) {
    const code = await readFile(file, 'utf8')
    if (!code.startsWith(DIRECTIVE)) await writeFile(file, DIRECTIVE + code)
  }
}

// One entry per subpath export; ESM + CJS with matching .d.ts / .d.cts.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'protocol/index': 'src/protocol/index.ts',
    'native/index': 'src/native/index.ts',
    'react/index': 'src/react/index.ts',
    'compat/index': 'src/compat/index.ts',
    'bridge/tanstack-query': 'src/bridge/tanstack-query.ts',
    'bridge/swr': 'src/bridge/swr.ts',
    'devtools/index': 'src/devtools/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'es2022',
  sourcemap: false,
  treeshake: true,
  // CJS too: one copy of the client and of the default managers shared by every entry.
  splitting: true,
  external: ['react', 'react-dom'],
  esbuildOptions(options) {
    // The members of KeyEntry, SyncEngine and Cadence (src/core) never leave the package: short names keep the core
    // within its 6 kB budget. Only names used as a property nowhere else in src may be listed here.
    options.mangleProps = new RegExp(`^(${MANGLED.join('|')})$`)
  },
  onSuccess: markClientEntries,
})
