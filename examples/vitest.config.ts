import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

/*
 * The examples' suite (`npm run test:e2e` at the repository root): unit and API tests of the
 * chat (`*.test.ts`) and browser end-to-end tests (`*.e2e.ts`) against the built servers.
 * Files run one at a time: the browser tests measure latency and must not share the CPU.
 */
export default defineConfig({
  // Patterns are relative to this folder, whatever directory vitest is started from.
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['**/*.test.{ts,tsx}', '**/*.e2e.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/dist-server/**'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
