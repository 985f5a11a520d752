import { readFileSync } from 'node:fs'
import { defineConfig } from 'tsup'

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'cli/index': 'src/cli/index.ts',
    'drizzle/index': 'src/storage/drizzle/index.ts',
    'node/index': 'src/http/node-server/index.ts',
    'testing/index': 'src/testing/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: {
    entry: {
      index: 'src/index.ts',
      'drizzle/index': 'src/storage/drizzle/index.ts',
      'node/index': 'src/http/node-server/index.ts',
      'testing/index': 'src/testing/index.ts',
    },
  },
  clean: true,
  target: 'node18',
  platform: 'neutral',
  // The CLI imports database and Redis drivers on demand (src/cli/drivers.ts): never bundled.
  external: [/^node:/, /^@rootlodge\/reality/, /^drizzle-orm/, /^pg$/, /^mysql2/, /^better-sqlite3$/, /^ioredis$/],
  sourcemap: false,
  // The CLI is ESM only (bin/reality-server.js imports dist/cli/index.js, no export names it): no CommonJS copy.
  esbuildOptions(options, { format }) {
    if (format === 'cjs' && options.entryPoints && !Array.isArray(options.entryPoints))
      options.entryPoints = Object.fromEntries(
        Object.entries(options.entryPoints).filter(([name]) => name !== 'cli/index'),
      )
  },
  // `reality-server --version` prints the version the build was made from.
  define: { __PACKAGE_VERSION__: JSON.stringify(version) },
})
