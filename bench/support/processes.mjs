import { execFileSync, spawn } from 'node:child_process'
import { availableParallelism } from 'node:os'

/** Prints the one JSON line a child role answers with. */
export const ready = (value) => process.stdout.write(`${JSON.stringify(value)}\n`)

const canPin = () => {
  if (process.argv.includes('--no-pin') || availableParallelism() < 2) return false
  try {
    execFileSync('taskset', ['-c', '0', 'true'])
    return true
  } catch {
    return false
  }
}

/**
 * Whether children are pinned to a CPU: with taskset and 2+ cores, servers run on CPU 1 and the
 * load on CPU 0, so they do not share a core. `--no-pin` turns it off.
 */
export const PIN = canPin()

/** Parses a line as JSON, or undefined when it is not JSON. */
export const parseLine = (line) => {
  try {
    return JSON.parse(line)
  } catch {
    return undefined
  }
}

/**
 * Spawns `command args` (on `cpu` when pinning); `ready` resolves with the first complete stdout line
 * that `pick` maps to a value other than undefined (by default the first JSON line, which is what the
 * roles print), and rejects if the child exits first.
 */
export const start = (command, args, { cpu, env = {}, cwd, pick = parseLine } = {}) => {
  const [bin, argv] = PIN ? ['taskset', ['-c', String(cpu), command, ...args]] : [command, args]
  const child = spawn(bin, argv, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  const ready = new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk
      for (const line of out.split('\n').slice(0, -1)) {
        const picked = pick(line)
        if (picked !== undefined) return resolve(picked)
      }
    })
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before it was ready: ${out}`)))
  })
  // Nobody may be awaiting `ready` when the child dies early; the caller sees the error when it does await.
  ready.catch(() => {})
  return { child, ready }
}

/** SIGTERM, resolving once the child has exited (at once if it already has). */
export const stop = (child) =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', resolve)
    child.kill('SIGTERM')
  })
