import { defineConfig } from 'tsup'

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'cli/index': 'src/cli/index.ts',
    'drizzle/index': 'src/storage/drizzle/index.ts',
    'node/index': 'src/http/node-server/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: {
    entry: {
      index: 'src/index.ts',
      'drizzle/index': 'src/storage/drizzle/index.ts',
      'node/index': 'src/http/node-server/index.ts',
    },
  },
  clean: true,
  target: 'node18',
  platform: 'neutral',
  external: [/^node:/, /^@rootlodge\/reality/, /^drizzle-orm/],
  sourcemap: false,
})
