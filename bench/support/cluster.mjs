/**
 * What bench/cluster.mjs, edge.mjs and soak.mjs share: the cluster tests' harness, their server fixture
 * bundled against `dist`, redis-server and server processes, PostgreSQL tables of the run's own, and the
 * teardown of all of it in reverse order however the run ends.
 */
import { mkdirSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { PG_CONFIG } from '@reality-internal/test-utils'
import { build } from 'esbuild'
import pg from 'pg'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const HARNESS = `${ROOT}packages/reality-server/test/cluster/harness`
const MODULES = ['ports', 'redis-process', 'nginx', 'nginx-cache', 'server-process', 'fixture-bundle', 'sim-client']

/** The TypeScript harness of the cluster tests, bundled into an ES module under `dir`. */
const loadHarness = async (dir) => {
  mkdirSync(dir, { recursive: true })
  await build({
    stdin: {
      contents: MODULES.map((name) => `export * from './${name}'`).join('\n'),
      resolveDir: HARNESS,
      loader: 'ts',
    },
    outfile: `${dir}/harness.mjs`,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'error',
    packages: 'external',
  })
  return import(`${dir}/harness.mjs`)
}

/**
 * Runs `bench(cluster)` and resolves with what it returns. `cluster` holds:
 *   h             the harness (freePort, startNginx, startCachingNginx, updateThrough, NGINX_BIN, …)
 *   pool          a pg.Pool of `poolSize` connections on PG_CONFIG
 *   newTable()    a fresh table name, dropped at the end
 *   startRedis()  a redis-server of the run's own on a free port
 *   startServers(ids, config)  one fixture process per id (serverId), on free ports, with `token` as
 *                 admin token and `config` (storage, accelerators, …) on top
 *   onCleanup(…steps)  more teardown, run before what was registered earlier
 */
export const withCluster = async (name, { token, poolSize }, bench) => {
  const tmp = `${ROOT}.bench-tmp/${name}-${process.pid}`
  const cleanups = []
  const onCleanup = (...steps) => {
    cleanups.push(...steps)
  }
  try {
    const h = await loadHarness(tmp)
    const bundle = await h.bundleServerFixture({ built: true })
    onCleanup(() => bundle.dispose())
    const pool = new pg.Pool({ ...PG_CONFIG, max: poolSize })
    onCleanup(() => pool.end())
    let tables = 0
    const newTable = () => {
      const table = `bench_${name}_${process.pid}_${tables++}`
      onCleanup(() => pool.query(`DROP TABLE IF EXISTS "${table}"`))
      return table
    }
    const startRedis = async () => {
      const redis = await h.startRedisProcess()
      onCleanup(() => redis.stop())
      return redis
    }
    const startServers = async (ids, config) => {
      const servers = await Promise.all(
        ids.map(async (serverId) =>
          h.startServerProcess(bundle.file, { port: await h.freePort(), serverId, adminToken: token, ...config }),
        ),
      )
      onCleanup(...servers.map((server) => () => server.stop()))
      return servers
    }
    return await bench({ h, pool, newTable, startRedis, startServers, onCleanup })
  } finally {
    for (const cleanup of cleanups.reverse())
      await Promise.resolve()
        .then(cleanup)
        .catch(() => {})
    rmSync(tmp, { recursive: true, force: true })
  }
}
