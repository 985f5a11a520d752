import { defineConfig } from 'tsup'

// One entry per subpath export; ESM + CJS with matching .d.ts / .d.cts.
export default defineConfig({
  entry: { index: 'src/index.ts', 'protocol/index': 'src/protocol/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'es2022',
  sourcemap: false,
  treeshake: true,
})
