import { type ChildProcess, spawn } from 'node:child_process'
import type { ServerStats } from '../../../src'
import type { FixtureConfig } from '../fixtures/server-main'
import { NODE_PATH } from './fixture-bundle'

/** A Reality server running as a child process on a fixed port, which survives restarts. */
export interface ServerProcess {
  readonly config: FixtureConfig
  readonly url: string
  /** False from kill() until restart() saw it listening again. */
  readonly up: boolean
  /** Counts kills and starts: a request that saw it change met a dying or starting process. */
  readonly generation: number
  /** Of the running process, for CPU accounting. */
  readonly pid: number | undefined
  /** SIGKILL: the process dies mid-request, with whatever it held in memory. */
  kill(): Promise<void>
  /** Starts the process again on the same port (new memory, same id). */
  restart(): Promise<void>
  /** SIGTERM, and waits for the exit. */
  stop(): Promise<void>
  stats(): Promise<ServerStats>
  /** What the process wrote to stderr (its onError lines). */
  stderr(): string
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()))

export const startServerProcess = async (bundle: string, config: FixtureConfig): Promise<ServerProcess> => {
  let child: ChildProcess | undefined
  let up = false
  let generation = 0
  let errors = ''
  const launch = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const started = spawn(process.execPath, [bundle, JSON.stringify(config)], {
        env: { ...process.env, NODE_PATH },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      child = started
      let out = ''
      started.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        errors += chunk
      })
      started.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk
        if (out.includes('READY ') && !up) {
          up = true
          generation++
          resolve()
        }
      })
      started.once('exit', (code, signal) => {
        if (up) generation++
        up = false
        reject(new Error(`${config.serverId} exited (${code ?? signal}) before listening:\n${errors}`))
      })
    })
  await launch()
  const url = `http://127.0.0.1:${config.port}`
  return {
    config,
    url,
    get up() {
      return up
    },
    get generation() {
      return generation
    },
    get pid() {
      return child?.pid
    },
    kill: async () => {
      if (up) generation++
      up = false
      if (!child) return
      const done = exited(child)
      child.kill('SIGKILL')
      await done
    },
    restart: launch,
    stop: async () => {
      up = false
      if (!child) return
      const done = exited(child)
      child.kill('SIGTERM')
      await done
    },
    stats: async () => (await (await fetch(`${url}/stats`)).json()) as ServerStats,
    stderr: () => errors,
  }
}
