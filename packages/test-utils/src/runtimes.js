import { dirname, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/*
 * How tests and benches start a script under Bun or Deno: the binaries of the root devDependencies, Deno with only
 * the permissions a Reality server needs, and both kept off the network and out of the home directory.
 */

/** The repository root, with a trailing slash (where `node_modules/.bin` holds bun and deno). */
// Built from paths, not `new URL`: under a jsdom test environment the global URL is jsdom's, which node's
// fileURLToPath refuses.
export const REPO_ROOT = `${resolve(dirname(fileURLToPath(import.meta.url)), '../../..')}${sep}`

/** A binary installed by a root devDependency. */
export const bin = (name) => `${REPO_ROOT}node_modules/.bin/${name}`

/** Runs a TypeScript `script` with Bun, passing `env`. */
export const bunLaunch = (script, env = {}) => ({
  command: bin('bun'),
  args: ['run', script],
  // No transpiler cache in the home directory: every run compiles the script it is given.
  env: { BUN_RUNTIME_TRANSPILER_CACHE_PATH: '0', ...env },
})

/**
 * Runs a TypeScript `script` with Deno, allowed loopback network, reading the repository (the built packages) and
 * reading the variables of `env` plus `allowEnv`; nothing is fetched from the network.
 */
export const denoLaunch = (script, { env = {}, allowEnv = [] } = {}) => {
  const readable = [...new Set([...Object.keys(env), ...allowEnv])]
  return {
    command: bin('deno'),
    args: [
      'run',
      '--no-lock',
      '--no-prompt',
      '--cached-only',
      '--allow-net=127.0.0.1',
      `--allow-read=${REPO_ROOT}`,
      ...(readable.length ? [`--allow-env=${readable.join(',')}`] : []),
      script,
    ],
    // Deno's cache inside the ignored node_modules, and no update check.
    env: { DENO_DIR: `${REPO_ROOT}node_modules/.cache/deno`, DENO_NO_UPDATE_CHECK: '1', ...env },
  }
}
