import { readFile, writeFile } from 'node:fs/promises'
import { defineConfig } from 'tsup'

/*
 * The React entry is a client module for React Server Components (Next.js App Router): it must start with
 * "use client", which esbuild drops from sources when it bundles, so it is written into the built files here. The
 * other entries hold no React and stay usable from server code.
 */
const CLIENT_ENTRIES = ['dist/react/index.js', 'dist/react/index.cjs']
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
  onSuccess: markClientEntries,
})
