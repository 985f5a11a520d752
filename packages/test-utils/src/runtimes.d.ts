/** The repository root, with a trailing slash. */
export declare const REPO_ROOT: string

/** A binary installed by a root devDependency (`node_modules/.bin/<name>`). */
export declare const bin: (name: string) => string

/** A command line and its extra environment. */
export interface Launch {
  command: string
  args: string[]
  env: Record<string, string>
}

/** Runs a TypeScript `script` with Bun, passing `env`. */
export declare const bunLaunch: (script: string, env?: Record<string, string>) => Launch

/** Runs a TypeScript `script` with Deno: loopback network, the repository readable, the variables of `env` and `allowEnv`. */
export declare const denoLaunch: (
  script: string,
  options?: { env?: Record<string, string>; allowEnv?: string[] },
) => Launch
