import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

/** The repository root, found upwards from this module (bench/cluster.mjs runs a bundled copy of it). */
const findRoot = (): string => {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'packages/reality-server/package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error('repository root not found')
    dir = parent
  }
  return dir
}

const ROOT = findRoot()

/** Where a bundle's bare imports (pg, mysql2, ioredis, redis) resolve at run time. */
export const NODE_PATH = join(ROOT, 'node_modules')

/**
 * Bundles the server fixture into a temp file that `node` runs as a child process; drivers
 * stay external and resolve through NODE_PATH. From the TypeScript sources (the aliases of
 * vitest.config.ts) by default; `{ built: true }` takes the packages' `dist` instead, as
 * bench/cluster.mjs does. Returns the file and a cleanup.
 */
export const bundleServerFixture = async ({ built = false } = {}): Promise<{ file: string; dispose: () => void }> => {
  const dir = mkdtempSync(join(tmpdir(), 'reality-cluster-'))
  const file = join(dir, 'server.cjs')
  await build({
    entryPoints: [join(ROOT, 'packages/reality-server/test/cluster/fixtures/server-main.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
    external: ['pg', 'pg-native', 'mysql2', 'ioredis', 'redis'],
    // Built: the workspace links resolve to each package's `dist` through its exports map.
    alias: built
      ? {}
      : {
          '@rootlodge/reality/types': join(ROOT, 'packages/reality/src/protocol/index.ts'),
          '@rootlodge/reality-server': join(ROOT, 'packages/reality-server/src/index.ts'),
        },
  })
  return { file, dispose: () => rmSync(dir, { recursive: true, force: true }) }
}
