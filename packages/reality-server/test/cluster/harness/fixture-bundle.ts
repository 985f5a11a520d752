import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url))
const ROOT = here('../../../../../')

/** Where a bundle's bare imports (pg, ioredis, redis) resolve at run time. */
export const NODE_PATH = join(ROOT, 'node_modules')

/**
 * Bundles the server fixture from the TypeScript sources (the same aliases as vitest.config.ts)
 * into a temp file that `node` runs as a child process; drivers stay external and resolve
 * through NODE_PATH. Returns the file and a cleanup.
 */
export const bundleServerFixture = async (): Promise<{ file: string; dispose: () => void }> => {
  const dir = mkdtempSync(join(tmpdir(), 'reality-cluster-'))
  const file = join(dir, 'server.cjs')
  await build({
    entryPoints: [here('../fixtures/server-main.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
    external: ['pg', 'pg-native', 'ioredis', 'redis'],
    alias: {
      '@rootlodge/reality/types': join(ROOT, 'packages/reality/src/protocol/index.ts'),
      '@rootlodge/reality-server': join(ROOT, 'packages/reality-server/src/index.ts'),
    },
  })
  return { file, dispose: () => rmSync(dir, { recursive: true, force: true }) }
}
