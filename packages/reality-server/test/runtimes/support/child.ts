import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { bin, REPO_ROOT } from '@reality-internal/test-utils'

export { bin, REPO_ROOT }

/** What a runtime's server script prints as its first stdout line once it listens. */
export interface Ready {
  runtime: string
  version: string
  /** Port of each server the script started, by name. */
  ports: Record<string, number>
}

export interface Child {
  ready: Ready
  /** `http://127.0.0.1:<port>` of the named server. */
  origin(name: string): string
  /** Everything the child wrote to stderr so far (for failure messages). */
  stderr(): string
  stop(): Promise<void>
}

export interface ChildOptions {
  command: string
  args: string[]
  cwd?: string
  env?: Record<string, string>
  /** How long to wait for the ready line (a cold runtime start on a busy 2-core box is slow). */
  timeoutMs?: number
  /** Reads the ready state from stdout so far; default: the first complete `{"runtime"…}` JSON line. */
  parseReady?: (stdout: string) => Ready | undefined
}

const jsonReadyLine = (stdout: string): Ready | undefined => {
  const line = stdout.split('\n').find((candidate) => candidate.startsWith('{"runtime"'))
  return line !== undefined && stdout.includes(`${line}\n`) ? (JSON.parse(line) as Ready) : undefined
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()))

/** Starts a server script in its own process and waits for its JSON ready line on stdout. */
export const startChild = (options: ChildOptions): Promise<Child> => {
  if (!existsSync(`${REPO_ROOT}packages/reality-server/dist/index.js`)) {
    return Promise.reject(new Error('packages/reality-server/dist is missing: run `npm run build` first'))
  }
  const child = spawn(options.command, options.args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  let stdout = ''
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
    await exited(child)
    clearTimeout(timer)
  }
  return new Promise<Child>((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer)
      void stop()
      reject(
        new Error(`${options.command} ${options.args.join(' ')}: ${reason}\nstdout:\n${stdout}\nstderr:\n${stderr}`),
      )
    }
    const timer = setTimeout(() => fail('no ready line in time'), options.timeoutMs ?? 60_000)
    child.once('error', (error) => fail(error.message))
    child.once('exit', (code, signal) => fail(`exited (${code ?? signal}) before it was ready`))
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      const ready = (options.parseReady ?? jsonReadyLine)(stdout)
      if (ready === undefined) return
      clearTimeout(timer)
      child.removeAllListeners('exit')
      resolve({
        ready,
        origin: (name) => {
          const port = ready.ports[name]
          if (port === undefined) throw new Error(`no server named ${name} in ${JSON.stringify(ready)}`)
          return `http://127.0.0.1:${port}`
        },
        stderr: () => stderr,
        stop,
      })
    })
  })
}

/** Runs a command to completion (a build step); rejects with its output when it fails. */
export const run = (command: string, args: string[], options: { cwd: string; env?: Record<string, string> }) =>
  new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: 'pipe' })
    let output = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk
    })
    child.once('error', reject)
    child.once('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`)),
    )
  })
