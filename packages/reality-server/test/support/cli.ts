import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The built CLI; tests run after `npm run build` (the root `npm test` builds first). */
export const CLI_PATH = fileURLToPath(new URL('../../dist/cli/index.js', import.meta.url))
/** The committed bin the package.json `bin` points at; it loads the built CLI. */
export const BIN_PATH = fileURLToPath(new URL('../../bin/reality-server.js', import.meta.url))

const assertBuilt = (): void => {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build\` before these tests`)
}

/** Environment of the child: ours without the variables the CLI reads, plus `env`. */
const childEnv = (env: Record<string, string>): NodeJS.ProcessEnv => {
  const base = { ...process.env }
  for (const name of Object.keys(base))
    if (['PORT', 'HOST', 'DATABASE_URL', 'REDIS_URL'].includes(name) || name.startsWith('REALITY_')) delete base[name]
  return { ...base, ...env }
}

/** A running `reality-server` and the URL it printed. */
export interface CliServer {
  child: ChildProcess
  /** The printed URL, e.g. `http://127.0.0.1:43123/reality`. */
  url: string
  /** Everything printed to stdout so far. */
  stdout(): string
  /** Everything printed to stderr so far. */
  stderr(): string
  /** Sends `signal` and resolves with how the process ended. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

const exited = (child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve({ code: child.exitCode, signal: child.signalCode })
    : new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))

/** Starts the bin and waits for the line with its URL (fails with the output if it exits first). */
export const startCli = (args: string[] = ['--port', '0'], env: Record<string, string> = {}): Promise<CliServer> => {
  assertBuilt()
  const child = spawn(process.execPath, [CLI_PATH, ...args], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk
  })
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk
  })
  return new Promise((resolve, reject) => {
    const onData = (): void => {
      const match = /listening on (http:\/\/\S+)/.exec(out)
      if (!match) return
      child.stdout?.off('data', onData)
      child.off('exit', onExit)
      resolve({
        child,
        url: match[1],
        stdout: () => out,
        stderr: () => err,
        stop: (signal = 'SIGTERM') => {
          const done = exited(child)
          child.kill(signal)
          return done
        },
      })
    }
    const onExit = (code: number | null): void =>
      reject(new Error(`reality-server exited with ${code} before listening:\n${out}\n${err}`))
    child.stdout?.on('data', onData)
    child.once('exit', onExit)
  })
}

/** Runs the CLI (or another `script`, such as the bin) to completion: for --help, --version and bad flags. */
export const runCli = (
  args: string[],
  env: Record<string, string> = {},
  script = CLI_PATH,
): Promise<{ code: number | null; stdout: string; stderr: string }> => {
  assertBuilt()
  const child = spawn(process.execPath, [script, ...args], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  // 'close', not 'exit': it waits until stdout and stderr are drained.
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })))
}
