import { defineConfig } from 'tsup'

// One entry per subpath export; ESM + CJS with matching .d.ts / .d.cts.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'protocol/index': 'src/protocol/index.ts',
    'native/index': 'src/native/index.ts',
    'react/index': 'src/react/index.ts',
    'compat/index': 'src/compat/index.ts',
    'edge/index': 'src/edge/index.ts',
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
})
