import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url))

// Tests run against the sources; the packages' own subpath names resolve to their src entries.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@rootlodge\/reality\/react$/, replacement: src('./packages/reality/src/react/index.ts') },
      {
        find: /^@rootlodge\/reality\/tanstack-query$/,
        replacement: src('./packages/reality/src/bridge/tanstack-query.ts'),
      },
      { find: /^@rootlodge\/reality\/devtools$/, replacement: src('./packages/reality/src/devtools/index.ts') },
      { find: /^@rootlodge\/reality\/swr$/, replacement: src('./packages/reality/src/bridge/swr.ts') },
      { find: /^@rootlodge\/reality\/compat$/, replacement: src('./packages/reality/src/compat/index.ts') },
      { find: /^@rootlodge\/reality\/edge$/, replacement: src('./packages/reality/src/edge/index.ts') },
      { find: /^@rootlodge\/reality\/native$/, replacement: src('./packages/reality/src/native/index.ts') },
      { find: /^@rootlodge\/reality\/types$/, replacement: src('./packages/reality/src/protocol/index.ts') },
      { find: /^@rootlodge\/reality$/, replacement: src('./packages/reality/src/index.ts') },
      {
        find: /^@rootlodge\/reality-server\/node$/,
        replacement: src('./packages/reality-server/src/http/node-server/index.ts'),
      },
      {
        find: /^@rootlodge\/reality-server\/testing$/,
        replacement: src('./packages/reality-server/src/testing/index.ts'),
      },
      { find: /^@rootlodge\/reality-server$/, replacement: src('./packages/reality-server/src/index.ts') },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.{ts,tsx}', 'packages/*/test/**/*.test.{ts,tsx}', 'bench/test/*.test.mjs'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
})
