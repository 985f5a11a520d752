import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts', 'cli/index': 'src/cli/index.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  target: 'node18',
  platform: 'neutral',
  external: [/^node:/, /^@rootlodge\/reality/],
  sourcemap: false,
})
